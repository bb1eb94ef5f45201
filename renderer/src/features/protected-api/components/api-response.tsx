import type { ApiCallResult } from '#ipc-contract';
import { Badge } from '../../../components/ui/badge.tsx';

const toneOf = (status: number): string =>
  status >= 500 ? 'danger' : status >= 400 ? 'warning' : status >= 300 ? 'neutral' : 'success';

export type ApiResponseProps = {
  result: ApiCallResult;
};

/** A protected API's answer: status, time taken, selected headers and the body (pretty-printed by main). */
export const ApiResponse = ({ result }: ApiResponseProps) => {
  const headers = Object.entries(result.headers);
  return (
    <div className="api-response">
      {headers.length > 0 && (
        <div className="table-scroll api-response__headers">
          <table className="headers-table">
            <caption className="sr-only">Response headers</caption>
            <thead>
              <tr>
                <th scope="col">Header</th>
                <th scope="col">Value</th>
              </tr>
            </thead>
            <tbody>
              {headers.map(([name, value]) => (
                <tr key={name}>
                  <th scope="row">
                    <code>{name}</code>
                  </th>
                  <td>
                    <code>{value}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {/* A region that takes focus, so a keyboard can scroll a long body; named for screen readers. */}
      <pre className="api-response__body" role="region" tabIndex={0} aria-label="Response body">
        {result.body || '(empty body)'}
      </pre>
    </div>
  );
};

export type ApiStatusProps = {
  result: ApiCallResult;
};

/** "200 OK · 84 ms", coloured by class, and whether the call needed a fresh access token. */
export const ApiStatus = ({ result }: ApiStatusProps) => (
  <>
    <span className={`status-code status-code--${toneOf(result.status)}`}>
      {result.status} {result.statusText}
    </span>{' '}
    {/* The spaces keep the words apart for screen readers; flex layout ignores them. */}
    <span className="api-status__duration">{Math.round(result.durationMs)} ms</span>{' '}
    {result.retriedAfterRefresh && <Badge tone="accent">Retried after refreshing the access token</Badge>}
  </>
);
