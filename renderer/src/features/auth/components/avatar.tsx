import { useState } from 'react';
import { initialsOf } from '../../../utils/profile.ts';

export type AvatarProps = {
  name: string;
  /** Already checked with safeImageUrl: https: or data:image only. */
  picture: string | undefined;
  /** The name is written next to it (the account list): the picture then says nothing more. */
  decorative?: boolean;
};

/**
 * The person's picture over their initials. The box is sized before the image loads, the
 * initials show while it loads and stay if it fails. Key it by `picture` to reset on change.
 */
export const Avatar = ({ name, picture, decorative = false }: AvatarProps) => {
  const [failed, setFailed] = useState(false);
  const showImage = picture !== undefined && !failed;
  return (
    <div className="avatar">
      <span className="avatar__initials" aria-hidden="true">
        {initialsOf(name)}
      </span>
      {showImage && (
        <img
          className="avatar__image"
          src={picture}
          alt={decorative ? '' : name}
          width={72}
          height={72}
          decoding="async"
          referrerPolicy="no-referrer"
          onError={() => setFailed(true)}
        />
      )}
    </div>
  );
};
