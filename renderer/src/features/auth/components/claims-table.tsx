import { useId, useState, type ReactNode } from 'react';
import { previewOf, toClaimRows, type ClaimRow } from '../../../utils/claims.ts';

type LongValueProps = {
  name: string;
  value: string;
  /** Renders the value (whole or shortened) in its element. */
  children: (text: string) => ReactNode;
};

/**
 * A value too long to read in a table (a data: picture, a long identifier): its beginning, and
 * a "Show all" button that discloses the rest in place (and "Show less" folds it again). The
 * button says which claim it opens and how long it is, for screen readers too.
 */
const LongValue = ({ name, value, children }: LongValueProps) => {
  const id = useId();
  const [expanded, setExpanded] = useState(false);
  const preview = previewOf(value);
  if (preview === undefined) return children(value);
  const length = Array.from(value).length;
  return (
    <div className="long-value">
      <div id={id} className="long-value__text">
        {children(expanded ? value : preview)}
      </div>
      <button
        type="button"
        className="long-value__toggle"
        aria-expanded={expanded}
        aria-controls={id}
        onClick={() => setExpanded((open) => !open)}
      >
        {/* Read as "Show all 312 characters of picture": the visible words first (WCAG 2.5.3). */}
        {expanded ? 'Show less' : 'Show all'}
        {!expanded && <span className="long-value__length">{` ${length.toLocaleString('en-US')} characters`}</span>}
        <span className="sr-only">{` of ${name}`}</span>
      </button>
    </div>
  );
};

type ClaimValueProps = {
  row: ClaimRow;
  showRaw: boolean;
};

const ClaimValue = ({ row, showRaw }: ClaimValueProps) => {
  if (showRaw) {
    return (
      <LongValue name={row.name} value={row.raw}>
        {(text) => <code className="claim-value claim-value--raw">{text}</code>}
      </LongValue>
    );
  }
  if (row.dateTime) {
    return (
      <time className="claim-value" dateTime={row.dateTime} title={`Raw value: ${row.raw}`}>
        {row.display}
      </time>
    );
  }
  if (row.structured) return <code className="claim-value claim-value--json">{row.display}</code>;
  return (
    <LongValue name={row.name} value={row.display}>
      {(text) => <span className="claim-value">{text}</span>}
    </LongValue>
  );
};

export type ClaimsTableProps = {
  claims: Record<string, unknown>;
};

export const ClaimsTable = ({ claims }: ClaimsTableProps) => {
  const [showRaw, setShowRaw] = useState(false);
  const rows = toClaimRows(claims);
  return (
    <section className="card claims" aria-labelledby="claims-heading">
      <div className="card__header">
        <h3 id="claims-heading" className="card__title">
          Claims <span className="card__count">{rows.length}</span>
        </h3>
        <button type="button" className="toggle" aria-pressed={showRaw} onClick={() => setShowRaw((value) => !value)}>
          <span className="toggle__track" aria-hidden="true">
            <span className="toggle__thumb" />
          </span>
          Show raw values
        </button>
      </div>
      <p className="card__lead">What the provider says about you: the ID token’s claims, merged with its UserInfo answer.</p>
      <div className="table-scroll">
        <table className="claims-table">
          <caption className="sr-only">All claims</caption>
          <thead>
            <tr>
              <th scope="col">Claim</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.name}>
                <th scope="row">
                  <code className="claim-name">{row.name}</code>
                  {row.label && <span className="claim-label">{row.label}</span>}
                </th>
                <td>
                  <ClaimValue row={row} showRaw={showRaw} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
};
