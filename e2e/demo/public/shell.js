/**
 * Navigation and the shared status line. Kept apart from app.js so route modules can use them
 * without importing the router (which imports the routes).
 */
let renderCurrentRoute = () => {};

export function setRouteRenderer(render) {
  renderCurrentRoute = render;
}

/**
 * Client-side navigation. `keepStatus` lets a view announce something ("Customer saved") that must
 * survive the route change it triggers.
 */
export function navigate(path, { keepStatus = false } = {}) {
  if (path !== location.pathname + location.search) history.pushState(null, '', path);
  if (!keepStatus) announce('');
  renderCurrentRoute();
}

/**
 * The app has exactly one role=status region, so `getByRole('status')` is never ambiguous.
 */
export function announce(message, tone = 'success') {
  const region = document.getElementById('app-status');
  if (!region) return;
  region.textContent = message;
  region.dataset.tone = tone;
}
