import { useState } from 'react';
import { toClaimRows, type ClaimRow } from '../../../utils/claims.ts';

type ClaimValueProps = {
  row: ClaimRow;
  showRaw: boolean;
};

const ClaimValue = ({ row, showRaw }: ClaimValueProps) => {
  if (showRaw) return <code className="claim-value claim-value--raw">{row.raw}</code>;
  if (row.dateTime) {
    return (
      <time className="claim-value" dateTime={row.dateTime} title={`Raw value: ${row.raw}`}>
        {row.display}
      </time>
    );
  }
  if (row.structured) return <code className="claim-value claim-value--json">{row.display}</code>;
  return <span className="claim-value">{row.display}</span>;
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
