/**
 * Credentials: where the `Credentials/Ticket` header value comes from. A static ticket, an access
 * token (`8A:…`, sent as the ticket over SOAP and as `Bearer` over REST), or any async provider
 * (the username/password provider of `so-soap` is one). Provider results are cached; after an
 * authentication failure the provider is asked once more and the call is replayed once.
 */
import { isAuthenticationException } from './exception-types.js';
import { registerSecret } from './redact.js';
import { SharedCall } from './shared-call.js';

/** What a `TicketProvider` is asked with. */
export interface TicketRequest {
  /** `initial` for the first call, `refresh` after the service refused the cached ticket. */
  reason: 'initial' | 'refresh';
  /** The signal of the call that needs the ticket: pass it on to any request the provider makes. */
  signal?: AbortSignal | undefined;
  /** With `refresh`: the ticket the service refused (a provider that renewed it meanwhile keeps its newer one). */
  rejected?: string | undefined;
}

/** Any function that yields a ticket (or an access token). */
export type TicketProvider = (request: TicketRequest) => string | Promise<string>;

/**
 * A provider that caches and renews its own credential before it expires (`systemUserProvider`,
 * `oauthRefreshProvider`): the client asks it on every call instead of caching its answer. It may
 * also know the tenant's endpoint (from the token), so that a client needs none of its own.
 */
export interface ManagedTicketProvider extends TicketProvider {
  /** Marks the provider as caching itself. */
  readonly managed: true;
  /** The SOAP endpoint of `service` (e.g. `Chat`) at the tenant the credential belongs to, learnt at sign-in. */
  endpointFor?(service: string, signal?: AbortSignal): Promise<string>;
}

/** Whether `credentials` is a provider that caches itself. */
export function isManagedProvider(credentials: unknown): credentials is ManagedTicketProvider {
  return typeof credentials === 'function' && (credentials as Partial<ManagedTicketProvider>).managed === true;
}

/**
 * Where the `Credentials/Ticket` header comes from: a ticket or access token as a string (a value
 * starting with `8A:` counts as an access token), `{ ticket }`, `{ accessToken }`, or a
 * `TicketProvider` (asked once, cached, asked again once after an authentication failure).
 */
export type Credentials =
  | string
  | {
      /** A SuperOffice ticket (`7T:…`), e.g. a system-user ticket obtained elsewhere. */
      ticket: string;
    }
  | {
      /** An OAuth access token (`8A:…`): sent as the ticket over SOAP, as `Bearer` over REST. */
      accessToken: string;
    }
  | TicketProvider;

/** What kind of secret a credential is: a SuperOffice ticket or an OAuth access token. */
export type CredentialKind = 'ticket' | 'accessToken';

/** A credential ready to send. */
export interface ResolvedCredential {
  /** The ticket or access token text. */
  value: string;
  /** Whether `value` is a ticket or an access token. */
  kind: CredentialKind;
}

/**
 * Holds one client's credentials. Concurrent calls share one provider call (each call's signal ends
 * its own wait only), and calls refused together with the same ticket share one refresh.
 */
export class CredentialSource {
  /** A plain provider's credential: the call that yields it, shared until it fails or is refreshed. */
  private cached: SharedCall<ResolvedCredential> | undefined;
  /** The value of the last credential a plain provider yielded. */
  private lastValue: string | undefined;
  /** Whether `cached` is a refresh not yet settled (joined by the other refused calls). */
  private refreshing = false;

  constructor(private readonly credentials: Credentials | undefined) {
    if (typeof credentials === 'string') registerSecret(credentials);
    else if (credentials && typeof credentials === 'object') registerSecret('ticket' in credentials ? credentials.ticket : credentials.accessToken);
  }

  /** Whether asking again may give a different credential. */
  get refreshable(): boolean {
    return typeof this.credentials === 'function';
  }

  /** The credential to send, or undefined when the client has none. */
  get(signal?: AbortSignal): Promise<ResolvedCredential> | undefined {
    const c = this.credentials;
    if (c === undefined) return undefined;
    if (typeof c !== 'function') return Promise.resolve(this.fixed()!);
    // (a provider that caches itself shares its own exchanges, and is given each call's signal)
    if (isManagedProvider(c)) return this.ask(c, 'initial', signal);
    if (this.cached === undefined || this.cached.abandoned) this.cached = this.share(c, 'initial');
    return this.cached.join(signal);
  }

  /** The credential when it is a fixed value (no provider): the client then skips a promise per call. */
  fixed(): ResolvedCredential | undefined {
    const c = this.credentials;
    if (c === undefined || typeof c === 'function') return undefined;
    if (typeof c === 'string') return { value: c, kind: kindOf(c) };
    return 'ticket' in c ? { value: c.ticket, kind: 'ticket' } : { value: c.accessToken, kind: 'accessToken' };
  }

  /**
   * Ask the provider again after the service refused `rejected` (only for providers). A plain
   * provider is asked once for all the calls refused with the same ticket: a call whose refused
   * ticket was replaced meanwhile gets the new one, or waits for the refresh under way.
   */
  refresh(signal?: AbortSignal, rejected?: string): Promise<ResolvedCredential> | undefined {
    const c = this.credentials;
    if (typeof c !== 'function') return undefined;
    if (isManagedProvider(c)) return this.ask(c, 'refresh', signal, rejected);
    const current = this.cached;
    const shareable = current !== undefined && !current.abandoned && (this.refreshing || (rejected !== undefined && rejected !== this.lastValue));
    if (!shareable) {
      this.cached = this.share(c, 'refresh', rejected);
      this.refreshing = true;
    }
    return this.cached!.join(signal);
  }

  private share(provider: TicketProvider, reason: TicketRequest['reason'], rejected?: string): SharedCall<ResolvedCredential> {
    const shared: SharedCall<ResolvedCredential> = new SharedCall((signal) => this.ask(provider, reason, signal, rejected));
    shared.result.then(
      (r) => {
        this.lastValue = r.value;
        if (this.cached === shared) this.refreshing = false;
      },
      () => {
        // a failed provider call is not cached
        if (this.cached === shared) {
          this.cached = undefined;
          this.refreshing = false;
        }
      },
    );
    return shared;
  }

  private ask(provider: TicketProvider, reason: TicketRequest['reason'], signal?: AbortSignal, rejected?: string): Promise<ResolvedCredential> {
    return Promise.resolve()
      .then(() => provider(rejected === undefined ? { reason, signal } : { reason, signal, rejected }))
      .then((value) => {
        if (typeof value !== 'string' || value === '') throw new TypeError('the credentials provider returned no ticket');
        registerSecret(value);
        return { value, kind: kindOf(value) };
      });
  }
}

/** Access tokens (`8A:…`) and tickets (`7T:…`, `7A:…`, …) look alike but travel differently over REST. */
function kindOf(value: string): CredentialKind {
  return value.startsWith('8A:') ? 'accessToken' : 'ticket';
}

/**
 * Whether `error` says the service refused the credentials (so a refresh may help): decided by
 * the exception type (or HTTP 401), never by message text — see `exception-types.ts`.
 */
export function isAuthenticationFailure(error: unknown): boolean {
  return isAuthenticationException(error);
}
