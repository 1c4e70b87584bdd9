// Extension pages talk to the background like content scripts do: it alone writes the database.
export { request } from '../utils/protocol';
