/** Full-page sign-in (not part of the SPA): ends in a real navigation to /tickets. */
const form = document.querySelector('form');
const password = form.elements.password;
const toggle = document.querySelector('[data-testid="login-show-password"]');
const error = document.querySelector('[data-testid="login-error"]');

// The label stays "Show password"; aria-pressed carries the state (ARIA toggle-button pattern).
toggle.addEventListener('click', () => {
  const show = password.type === 'password';
  password.type = show ? 'text' : 'password';
  toggle.setAttribute('aria-pressed', String(show));
});

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.hidden = true;
  const res = await fetch('/api/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: form.elements.username.value, password: password.value }),
  });
  // Read the body before navigating so the request completes instead of being aborted mid-stream.
  const data = await res.json().catch(() => ({}));
  if (res.ok) {
    location.href = '/tickets';
    return;
  }
  error.textContent = data.error || 'Sign-in failed';
  error.hidden = false;
});
