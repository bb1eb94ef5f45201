import { Badge } from '../../../components/ui/badge.tsx';
import { CheckIcon } from '../../../components/ui/icons.tsx';
import { formatDateTime } from '../../../utils/format-date-time.ts';
import type { Profile } from '../../../utils/profile.ts';
import { Avatar } from './avatar.tsx';

export type ProfileCardProps = {
  profile: Profile;
};

export const ProfileCard = ({ profile }: ProfileCardProps) => (
  <section className="card profile-card" aria-labelledby="profile-heading">
    <div className="profile-card__identity">
      <Avatar key={profile.picture ?? ''} name={profile.name} picture={profile.picture} />
      <div className="profile-card__names">
        <h3 id="profile-heading" className="profile-card__name">
          {profile.name}
        </h3>
        {profile.email && (
          <p className="profile-card__email">
            <span>{profile.email}</span>
            {profile.emailVerified && (
              <Badge tone="success">
                <CheckIcon className="badge__icon" />
                Verified
              </Badge>
            )}
          </p>
        )}
        {profile.username && profile.username !== profile.name && profile.username !== profile.email && (
          <p className="profile-card__username">{profile.username}</p>
        )}
      </div>
    </div>
    <dl className="facts">
      <div className="facts__row">
        <dt>Issuer</dt>
        <dd className="mono">{profile.issuer ?? '—'}</dd>
      </div>
      <div className="facts__row">
        <dt>Subject</dt>
        <dd className="mono">{profile.subject ?? '—'}</dd>
      </div>
      {profile.authenticatedAt !== undefined && (
        <div className="facts__row">
          <dt>Signed in</dt>
          <dd>
            <time dateTime={new Date(profile.authenticatedAt).toISOString()}>{formatDateTime(profile.authenticatedAt)}</time>
          </dd>
        </div>
      )}
    </dl>
  </section>
);
