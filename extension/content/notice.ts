/**
 * Tells the user, in the page, that this tab stopped recording (extension reloaded, buffer full,
 * storage failing). A closed shadow root keeps the page's styles and scripts out of it.
 */
export function showStoppedNotice(reason: string): void {
  const host = document.createElement('div');
  host.setAttribute('data-private', ''); // never recorded itself
  host.setAttribute('data-recorder-notice', '');
  const root = host.attachShadow({ mode: 'closed' });
  const box = document.createElement('div');
  box.setAttribute('role', 'alert');
  box.style.cssText =
    'position:fixed;z-index:2147483647;right:16px;bottom:16px;max-width:360px;padding:12px 16px;border-radius:8px;background:#b3261e;color:#fff;font:14px/1.4 system-ui,sans-serif;box-shadow:0 4px 16px rgba(0,0,0,.3)';
  box.textContent = `Recording stopped in this tab: ${reason}. Reload the tab to record again.`;
  const close = document.createElement('button');
  close.textContent = 'Dismiss';
  close.style.cssText =
    'margin-left:8px;background:none;border:1px solid #fff;color:#fff;border-radius:4px;cursor:pointer';
  close.addEventListener('click', () => host.remove());
  box.append(close);
  root.append(box);
  (document.body ?? document.documentElement).append(host);
}
