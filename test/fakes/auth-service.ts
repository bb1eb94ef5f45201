/**
 * A scriptable AuthService for glue tests that do not need the real core: records calls,
 * emits states on demand, and answers each method with a replaceable implementation.
 */
import type { AccountManager, AccountSummary } from '../../main/auth/accounts.ts';
import type { ApiRequest, ApiResponse, AuthService, AuthState, ProviderDescription, SignInOptions } from '../../main/auth/types.ts';

/** A signed-in state as the core would report it. */
export const SIGNED_IN: AuthState = {
  status: 'signed-in',
  claims: { sub: 'alice', name: 'Alice' },
  expiresAt: 1_900_000_000_000,
  scopes: ['openid', 'profile'],
  persisted: true,
};

/** The signed-out state. */
export const SIGNED_OUT: AuthState = { status: 'signed-out' };

/** An AuthService whose every answer a test can change. */
export class FakeAuthService implements AuthService {
  state: AuthState = SIGNED_OUT;
  readonly listeners = new Set<(state: AuthState) => void>();
  readonly calls: Array<[string, ...unknown[]]> = [];
  disposed = false;
  description: ProviderDescription = { issuer: 'https://login.example.com', clientId: 'desktop', redirectUri: 'http://127.0.0.1:53123/callback' };
  signInImpl: (options?: SignInOptions) => Promise<AuthState> = async () => SIGNED_IN;
  signOutImpl: (options?: { endProviderSession?: boolean }) => Promise<AuthState> = async () => SIGNED_OUT;
  reopenImpl: () => Promise<void> = async () => {};
  callApiImpl: (request: ApiRequest) => Promise<ApiResponse> = async () => ({
    status: 200,
    statusText: 'OK',
    headers: { 'content-type': 'application/json' },
    body: '{"ok":true}',
    retriedAfterRefresh: false,
  });
  restoreImpl: () => Promise<AuthState> = async () => this.state;

  getState(): AuthState {
    return structuredClone(this.state);
  }
  onChange(listener: (state: AuthState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  /** Sets the state and tells the listeners, as the core does. */
  emit(state: AuthState): void {
    this.state = state;
    for (const listener of [...this.listeners]) listener(state);
  }
  restore(): Promise<AuthState> {
    this.calls.push(['restore']);
    return this.restoreImpl();
  }
  signIn(options?: SignInOptions): Promise<AuthState> {
    this.calls.push(options === undefined ? ['signIn'] : ['signIn', options]);
    return this.signInImpl(options);
  }
  cancelSignIn(): void {
    this.calls.push(['cancelSignIn']);
  }
  async probe(): Promise<ProviderDescription> {
    this.calls.push(['probe']);
    return this.describe();
  }
  callApi(request: ApiRequest): Promise<ApiResponse> {
    this.calls.push(['callApi', request]);
    return this.callApiImpl(request);
  }
  async checkSession(): Promise<AuthState> {
    this.calls.push(['checkSession']);
    return this.state;
  }
  allowApiOriginImpl: (origin: string) => Promise<void> = async () => {};
  allowApiOrigin(origin: string): Promise<void> {
    this.calls.push(['allowApiOrigin', origin]);
    return this.allowApiOriginImpl(origin);
  }
  async handleRedirect(url: string): Promise<boolean> {
    this.calls.push(['handleRedirect', url]);
    return false;
  }
  reopenBrowser(): Promise<void> {
    this.calls.push(['reopenBrowser']);
    return this.reopenImpl();
  }
  signOut(options?: { endProviderSession?: boolean }): Promise<AuthState> {
    this.calls.push(['signOut', options]);
    return this.signOutImpl(options);
  }
  describe(): ProviderDescription {
    return structuredClone(this.description);
  }
  async dispose(): Promise<void> {
    this.calls.push(['dispose']);
    this.disposed = true;
  }
}

/** Shaped like the core's AuthError (a name, a string code), without needing the core. */
export class FakeAuthError extends Error {
  override readonly name = 'AuthError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * One fake account manager over one FakeAuthService (its `service`): the account is listed while
 * the service is signed in. Enough for glue that starts, switches and stops providers.
 */
export class FakeAccounts implements AccountManager {
  readonly listeners = new Set<(accounts: AccountSummary[]) => void>();
  readonly calls: Array<[string, ...unknown[]]> = [];
  /** When set, what `list` answers (the service's state decides otherwise). */
  listed: AccountSummary[] | undefined;
  addImpl: () => Promise<void> = async () => {
    await this.service.signIn({ chooseAccount: true });
  };
  constructor(readonly service: FakeAuthService) {}
  list(): AccountSummary[] {
    if (this.listed) return this.listed;
    const { state } = this.service;
    return state.status === 'signed-out' ? [] : [{ id: 'account-1', providerId: 'provider-1', issuer: this.service.description.issuer, active: true, state }];
  }
  active(): AuthService | undefined {
    return this.list().length > 0 ? this.service : undefined;
  }
  onChange(listener: (accounts: AccountSummary[]) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
  /** Tells the listeners the list changed. */
  emitList(): void {
    for (const listener of [...this.listeners]) listener(this.list());
  }
  async restore(): Promise<AccountSummary[]> {
    await this.service.restore();
    return this.list();
  }
  async addAccount(providerId: string, options?: { loginHint?: string; device?: boolean }): Promise<AccountSummary> {
    this.calls.push(['addAccount', providerId, ...(options ? [options] : [])]);
    await this.addImpl();
    return this.list()[0]!;
  }
  switchTo(id: string): AccountSummary[] {
    this.calls.push(['switchTo', id]);
    return this.list();
  }
  async signOut(id: string, options?: { endProviderSession?: boolean }): Promise<AccountSummary[]> {
    this.calls.push(['signOut', id, options]);
    await this.service.signOut(options);
    return this.list();
  }
  async signOutAll(providerId?: string): Promise<void> {
    this.calls.push(['signOutAll', ...(providerId === undefined ? [] : [providerId])]);
    if (this.service.state.status !== 'signed-out') await this.service.signOut();
  }
  addProvider(providerId: string): void {
    this.calls.push(['addProvider', providerId]);
  }
  describeProvider(): ProviderDescription | undefined {
    return this.service.describe();
  }
  removeProvider(providerId: string): boolean {
    this.calls.push(['removeProvider', providerId]);
    return false;
  }
  async checkSessions(): Promise<void> {
    await this.service.checkSession();
  }
  dispose(): Promise<void> {
    return this.service.dispose();
  }
}
