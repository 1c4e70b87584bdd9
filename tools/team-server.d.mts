// Types of tools/team-server.mjs (plain JavaScript, so Node runs it with no build step).
export interface Credentials {
  name: string;
  password: string;
}
export interface TeamServer {
  url: string;
  db: string;
  admin: Credentials;
  /** Whether this run created the admin (a fresh folder). */
  created: boolean;
  /** What the setup did, in words. */
  done: string[];
  stop(): Promise<void>;
}
export function startTeamServer(options: { dir: string; port?: number; db?: string; agents?: Credentials[]; quiet?: boolean }): Promise<TeamServer>;
