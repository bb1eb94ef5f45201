export type GuideLinkProps = {
  /** The guide's published page (https), from main. */
  url: string;
  /** The preset's name, e.g. "Oracle OCI IAM Identity Domains". */
  providerName: string;
};

/**
 * A preset's step-by-step registration guide. The window never navigates: main sends an https
 * link to the person's browser (target=_blank goes through its window-open handler).
 */
export const GuideLink = ({ url, providerName }: GuideLinkProps) => (
  <a className="guide-link" href={url} target="_blank" rel="noreferrer">
    Step-by-step guide for {providerName} (opens in your browser)
  </a>
);
