import { escapeHtml } from '../audit/dossier/escape.ts';

/**
 * Returns the page `phasegate inspect` serves: a status bar that says what phasegate is doing (the stream, how many
 * events it has replayed to this page, whether it follows new events) and whether the Stately inspector, loaded from
 * `inspectorUrl` in a frame, is online; below it the inspector, fed with the socket's messages once it says it is
 * connected. When the inspector does not answer (no internet), the bar says so and what still works.
 */
export function inspectorPage(options: {
  readonly stream: string;
  readonly inspectorUrl: string;
  readonly offlineAfterMs: number;
}): string {
  const stream = escapeHtml(options.stream);
  const url = escapeHtml(options.inspectorUrl);
  const scriptUrl = JSON.stringify(options.inspectorUrl).replace(/</g, '\\u003c');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>phasegate inspect: ${stream}</title>
<style>
* { box-sizing: border-box; }
html, body { height: 100%; margin: 0; font: 14px/1.4 system-ui, sans-serif; color: #1f2933; }
body { display: flex; flex-direction: column; }
#bar { padding: 8px 14px; background: #24323f; color: #fff; display: flex; flex-wrap: wrap; gap: 4px 24px; }
#bar strong { font-weight: 650; }
#inspector-state.offline { color: #ffd2cc; }
iframe { flex: 1; width: 100%; border: 0; }
</style>
</head>
<body>
<div id="bar" role="status" aria-live="polite">
<span>phasegate is serving stream <strong>${stream}</strong>: <span id="served">connecting to phasegate&hellip;</span></span>
<span>Stately inspector: <span id="inspector-state">loading from ${url}&hellip;</span></span>
</div>
<iframe id="inspector" title="Stately inspector" src="${url}"></iframe>
<script>
const frame = document.getElementById('inspector');
const served = document.getElementById('served');
const inspectorState = document.getElementById('inspector-state');
const buffer = [];
let connected = false;
let received = 0;
let status = null;
function describe() {
  const following = status && status.following ? 'following new events as they are recorded' : 'the log as it was when inspect started';
  served.textContent = received + ' message(s) received for ' + (status ? status.events : '?') + ' event(s); ' + following;
}
window.addEventListener('message', (e) => {
  if (e.data && e.data.type === '@statelyai.connected' && !connected) {
    connected = true;
    inspectorState.textContent = 'online';
    inspectorState.className = 'online';
    for (const message of buffer.splice(0)) frame.contentWindow.postMessage(message, '*');
  }
});
setTimeout(() => {
  if (connected) return;
  inspectorState.textContent = 'not reachable: it is loaded from ' + ${scriptUrl} + ', which needs the internet. ' +
    'phasegate keeps serving the stream; reload this page once online.';
  inspectorState.className = 'offline';
}, ${Math.max(0, Math.round(options.offlineAfterMs))});
const socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host);
socket.onmessage = (e) => {
  const message = JSON.parse(e.data);
  received++;
  describe();
  if (connected) frame.contentWindow.postMessage(message, '*');
  else buffer.push(message);
};
socket.onclose = () => { served.textContent = 'phasegate stopped serving (the inspect command ended)'; };
async function poll() {
  try { status = await (await fetch('/status', { cache: 'no-store' })).json(); describe(); } catch {}
}
poll();
setInterval(poll, 2000);
</script>
</body>
</html>
`;
}
