// One turn of the event loop, by a message rather than a timer: a timer set from a timer's callback waits at least
// 4 ms, and a hidden tab's timers up to a second. Long reads and checks pause with it so that other work runs.
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
