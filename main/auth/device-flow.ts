/**
 * Sign-in from another device (RFC 8628), for where the browser cannot be opened here (a remote
 * desktop, a kiosk, a browser the person may not use): the provider hands out a user code and
 * an address, the person approves on any device, the app polls at the provider's interval.
 * The tokens go through the same checks and into the same encrypted session as the browser
 * sign-in's. Same face as SignInFlow: `result` settles once, `cancel` ends it early.
 * @see https://www.rfc-editor.org/rfc/rfc8628
 */
import type { ResolvedProviderConfig } from './config.ts';
import { dpopAlgorithm, generateDPoPKey } from './dpop.ts';
import { AuthError, AuthErrorCode } from './errors.ts';
import { createFlowResult } from './flow-result.ts';
import type { ProtocolClient } from './protocol.ts';
import type { Session } from './session.ts';
import type { SignInRequest } from './sign-in-flow.ts';
import { requestedScopes } from './sign-in-flow.ts';
import { translateError } from './translate-error.ts';
import type { DeviceCode } from './types.ts';

export interface DeviceSignInFlowDeps {
  resolved: ResolvedProviderConfig;
  request: SignInRequest;
  protocol: ProtocolClient;
  /** Told the user code and where to enter it, as soon as the provider gave them. */
  onDeviceCode(code: DeviceCode): void;
}

/** A running sign-in from another device. */
export class DeviceSignInFlow {
  private readonly outcome = createFlowResult();
  readonly result: Promise<Session> = this.outcome.promise;
  /** Nothing listens: closed at once (the same face as SignInFlow's). */
  readonly closed: Promise<void> = Promise.resolve();
  private readonly polling = new AbortController();
  private settled = false;

  constructor(private readonly deps: DeviceSignInFlowDeps) {
    void this.run();
  }

  /** Ends the flow (and its polling) with `error` unless it already ended. */
  cancel(error: AuthError): void {
    this.finish(error);
  }

  /** No redirect comes back to this app in this flow. */
  handleRedirect(): boolean {
    return false;
  }

  /** There is no browser to open again: the code stays on screen until it expires. */
  async reopen(): Promise<void> {
    throw new AuthError(AuthErrorCode.noSignIn, 'This sign-in continues on another device: enter the code shown in the window there.');
  }

  private async run(): Promise<void> {
    const { resolved, protocol, request } = this.deps;
    try {
      if (!(await protocol.deviceAuthorizationEndpoint())) {
        throw new AuthError(AuthErrorCode.providerUnsupported, 'The provider does not offer sign-in from another device (no device authorization endpoint). Sign in with the browser on this computer instead.');
      }
      const provider = await protocol.provider();
      const scopes = requestedScopes(resolved, provider.metadata);
      const dpopAlg = resolved.dpop ? dpopAlgorithm(provider.metadata) : undefined;
      const dpop = dpopAlg ? await generateDPoPKey(dpopAlg) : undefined;
      const parameters: Record<string, string> = {
        ...resolved.extraAuthorizationParams,
        scope: scopes.join(' '),
        ...(request.acrValues ? { acr_values: request.acrValues.join(' ') } : {}),
      };
      const response = await protocol.startDeviceAuthorization(parameters);
      if (this.settled) return;
      const expiresAt = Date.now() + response.expires_in * 1000;
      this.deps.onDeviceCode({
        userCode: response.user_code,
        verificationUri: response.verification_uri,
        ...(typeof response.verification_uri_complete === 'string' ? { verificationUriComplete: response.verification_uri_complete } : {}),
        expiresAt,
      });
      // The polling ends when the code expires, or when the person cancels.
      const signal = AbortSignal.any([this.polling.signal, AbortSignal.timeout(response.expires_in * 1000)]);
      const session = await protocol.pollDevice(response, { requestedScopes: scopes, dpop, acrValues: request.acrValues }, signal);
      this.finish(undefined, session);
    } catch (error) {
      this.finish(translateError(error, 'authorization', protocol.errorContext));
    }
  }

  private finish(error: AuthError | undefined, session?: Session): void {
    if (this.settled) return;
    this.settled = true;
    this.polling.abort(error ?? new AuthError(AuthErrorCode.cancelled, 'The sign-in was cancelled.'));
    this.outcome.settle(error, session);
  }
}
