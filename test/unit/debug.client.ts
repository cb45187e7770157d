// VS Code's side of a Debug Adapter Protocol conversation, for driving the adapter in-process
// (mock-debug style): requests go in through handleMessage, responses and events come back through
// onDidSendMessage, and tests wait for the message they expect.
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { RnnDebugSession } from '../../src/host/debug/rnnDebugSession';

type Message = DebugProtocol.ProtocolMessage;

/** VS Code's side of the conversation. */
export class Client {
  private seq = 1;
  readonly messages: Message[] = [];
  private waiters: (() => void)[] = [];

  constructor(readonly adapter: RnnDebugSession) {
    adapter.onDidSendMessage((m) => {
      this.messages.push(m as Message);
      for (const w of this.waiters.splice(0)) w();
    });
  }

  /** Sends a request; resolves with its response. */
  async request<R extends DebugProtocol.Response = DebugProtocol.Response>(
    command: string,
    args?: unknown,
  ): Promise<R> {
    const seq = this.seq++;
    this.adapter.handleMessage({ seq, type: 'request', command, arguments: args } as DebugProtocol.Request);
    return (await this.next((m) => m.type === 'response' && (m as DebugProtocol.Response).request_seq === seq, 0)) as R;
  }

  /** The first message matching `pred` at or after index `from` (waits for it). */
  async next(pred: (m: Message) => boolean, from: number, timeoutMs = 3000): Promise<Message> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.slice(from).find(pred);
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(`no such message; got ${this.messages.slice(from).map(summary).join(', ')}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  /** Runs `action` and resolves with the first `event` it causes. */
  async event<E extends DebugProtocol.Event>(event: string, action: () => unknown): Promise<E> {
    const from = this.messages.length;
    await action();
    return (await this.next((m) => m.type === 'event' && (m as DebugProtocol.Event).event === event, from)) as E;
  }

  /** Runs `action` and resolves with the stop it causes. */
  stopped(action: () => unknown): Promise<DebugProtocol.StoppedEvent> {
    return this.event<DebugProtocol.StoppedEvent>('stopped', action);
  }

  eventsSince(from: number, event: string): DebugProtocol.Event[] {
    return this.messages
      .slice(from)
      .filter((m): m is DebugProtocol.Event => m.type === 'event' && (m as DebugProtocol.Event).event === event);
  }
}

export function summary(m: Message): string {
  if (m.type === 'event') return `event ${(m as DebugProtocol.Event).event}`;
  if (m.type === 'response') return `response ${(m as DebugProtocol.Response).command}`;
  return m.type;
}
