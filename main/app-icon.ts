/**
 * The app's icon at 256 px (build/icons/256x256.png, rendered by `npm run icons`), bundled into
 * the main process as a data: URL so it needs no file beside app.asar. The window uses it on
 * Linux and Windows (window-options.ts), and macOS's Dock in development; installed builds'
 * executables, taskbar entries and the Dock get their icons from the package (electron-builder.ts).
 */
import windowIcon from '../build/icons/256x256.png?inline';

export const WINDOW_ICON_DATA_URL: string = windowIcon;
