// Where a panel needs every conversation and the dashboard has not read them: a large log is read only when
// asked (pressing this, or anything in the panel, asks), since holding every conversation costs memory.
export function ReadingConversations() {
  return (
    <p class="muted" role="status">
      This needs every conversation Recount holds, read only when asked on a large log.{' '}
      <button type="button">Read them and show this</button>
    </p>
  );
}
