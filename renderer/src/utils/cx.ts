/** Joins the class names that are set: cx('button', isActive && 'is-active'). */
export const cx = (...names: Array<string | false | null | undefined>): string => names.filter(Boolean).join(' ');
