/** /customers/new: a PII-heavy form, the main target of the recorder's masking tests. */
import { api } from '../api.js';
import { announce, navigate } from '../shell.js';

const COUNTRIES = [
  ['', 'Select a country…'],
  ['US', 'United States'],
  ['GB', 'United Kingdom'],
  ['DE', 'Germany'],
  ['FR', 'France'],
  ['NL', 'Netherlands'],
  ['CA', 'Canada'],
  ['AU', 'Australia'],
  ['JP', 'Japan'],
];

function csrfToken() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `csrf_${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

// Static markup (no user data interpolated), so a template string is safe and easier to read here.
const TEMPLATE = `
  <div class="page-header">
    <div>
      <h1>New customer</h1>
      <p class="muted">Create a customer record for billing and support.</p>
    </div>
    <button type="button" class="button secondary" data-testid="customer-fill-crm">Fill from CRM</button>
  </div>
  <form class="card form" data-testid="customer-form" novalidate>
    <div class="alert" role="alert" data-testid="customer-form-error" hidden></div>
    <input type="hidden" name="csrf_token" data-testid="customer-csrf" />
    <fieldset class="form-section">
      <legend>Contact</legend>
      <div class="grid-2">
        <div class="field">
          <label for="customer-name">Full name</label>
          <input id="customer-name" name="name" type="text" autocomplete="name" data-testid="customer-name" />
        </div>
        <div class="field">
          <label for="customer-email">Email</label>
          <input id="customer-email" name="email" type="email" autocomplete="email" data-testid="customer-email" />
        </div>
        <div class="field">
          <label for="customer-phone">Phone</label>
          <input id="customer-phone" name="phone" type="tel" autocomplete="tel" data-testid="customer-phone" />
        </div>
        <div class="field">
          <label for="customer-dob">Date of birth</label>
          <input id="customer-dob" name="dob" type="text" autocomplete="bday" placeholder="YYYY-MM-DD"
            inputmode="numeric" data-testid="customer-dob" />
        </div>
        <div class="field span-2">
          <label for="customer-address">Street address</label>
          <input id="customer-address" name="address" type="text" autocomplete="street-address"
            data-testid="customer-address" />
        </div>
        <div class="field">
          <label for="customer-country">Country</label>
          <select id="customer-country" name="country" autocomplete="country" data-testid="customer-country"></select>
        </div>
        <div class="field">
          <label for="customer-ssn">Tax ID / SSN</label>
          <input id="customer-ssn" name="ssn" type="text" autocomplete="off" data-testid="customer-ssn" />
        </div>
      </div>
    </fieldset>
    <fieldset class="form-section">
      <legend>Billing</legend>
      <div class="grid-2">
        <div class="field">
          <label for="customer-card-number">Card number</label>
          <input id="customer-card-number" name="card_number" type="text" autocomplete="cc-number"
            inputmode="numeric" placeholder="1234 5678 9012 3456" data-testid="customer-card-number" />
        </div>
        <div class="field">
          <label for="customer-cvc">CVC</label>
          <input id="customer-cvc" name="cvc" type="text" autocomplete="cc-csc" inputmode="numeric"
            maxlength="4" data-testid="customer-cvc" />
        </div>
      </div>
      <fieldset class="radio-group" data-testid="customer-plan">
        <legend>Plan</legend>
        <label><input type="radio" id="plan-free" name="plan" value="free" checked data-testid="customer-plan-free" /> Free</label>
        <label><input type="radio" id="plan-pro" name="plan" value="pro" data-testid="customer-plan-pro" /> Pro</label>
        <label><input type="radio" id="plan-enterprise" name="plan" value="enterprise" data-testid="customer-plan-enterprise" /> Enterprise</label>
      </fieldset>
      <label class="checkbox">
        <input type="checkbox" id="customer-newsletter" name="newsletter" value="yes" data-testid="customer-newsletter" />
        Subscribe to newsletter
      </label>
    </fieldset>
    <fieldset class="form-section">
      <legend>Internal</legend>
      <div class="field">
        <label for="customer-notes">Notes</label>
        <textarea id="customer-notes" name="notes" rows="3" data-testid="customer-notes"></textarea>
      </div>
      <div class="private-note" data-private data-testid="customer-private-note">
        <strong>Internal account note:</strong> VIP prospect referred by the CFO. Credit limit $25,000 —
        do not share outside Finance.
      </div>
    </fieldset>
    <div class="form-actions">
      <button type="submit" class="button" data-testid="customer-save">Save customer</button>
    </div>
  </form>`;

export function renderCustomerForm(page) {
  page.innerHTML = TEMPLATE;
  const form = page.querySelector('form');
  const error = form.querySelector('[data-testid="customer-form-error"]');
  const save = form.querySelector('[data-testid="customer-save"]');
  form.elements.csrf_token.value = csrfToken();
  form.elements.country.append(...COUNTRIES.map(([value, label]) => new Option(label, value)));

  // Page-set values on purpose: no input/change events fire, as with many CRM autofill integrations.
  page.querySelector('[data-testid="customer-fill-crm"]').addEventListener('click', () => {
    form.elements.name.value = 'Grace Hopper';
    form.elements.email.value = 'grace.hopper@example.com';
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(form));
    data.newsletter = form.elements.newsletter.checked;
    delete data.csrf_token;
    error.hidden = true;
    save.disabled = true;
    try {
      await api('/customers', data);
      announce('Customer saved');
      navigate('/customers', { keepStatus: true });
    } catch (err) {
      error.textContent = err.message;
      error.hidden = false;
      save.disabled = false;
    }
  });
}
