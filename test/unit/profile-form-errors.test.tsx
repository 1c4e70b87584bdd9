// The vendor-profile form says what is wrong with a field once the reviewer has been there (left it) or tried to
// save, never before: a new profile used to open with every field red before anything was typed (issue 19).
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

const { requestMock } = vi.hoisted(() => ({ requestMock: vi.fn() }));
vi.mock('../../utils/transport/protocol', async (importOriginal) => ({ ...(await importOriginal<object>()), request: requestMock }));

import { fromDraftText, ProfilesPanel } from '../../components/dashboard/ProfilesPanel';
import { isValidSelectorInDom, validateProfile } from '../../utils/adapters/profile-validation';
import { EXAMPLE_PROFILES, PROFILE_FIELDS, type VendorProfile } from '../../utils/adapters/profiles';

const sierra: VendorProfile = { ...EXAMPLE_PROFILES.find((p) => p.id === 'sierra')! };
let saved: Array<VendorProfile & { access: boolean }> = [];

beforeEach(() => {
  saved = [];
  requestMock.mockReset();
  requestMock.mockImplementation(async (message: { type: string }) => {
    if (message.type === 'profile/list') return { profiles: saved };
    throw new Error(`unexpected request ${message.type}`);
  });
});
afterEach(cleanup);

const form = () => screen.getByRole('form', { name: 'Vendor profile' });
const field = (name: string) => form().querySelector(`[name="${name}"]`) as HTMLInputElement;
/** The fields the form marks invalid, in the form's order. */
const invalid = () => [...form().querySelectorAll('[aria-invalid="true"]')].map((el) => el.getAttribute('name'));
/** The error texts under the fields. */
const errorTexts = () => [...form().querySelectorAll('.error')].map((el) => el.textContent);
/** What the form holds now, as the profile it stands for. */
const draftNow = () => fromDraftText(Object.fromEntries(PROFILE_FIELDS.map((name) => [name, field(name).value])));

async function openNewProfile() {
  render(<ProfilesPanel />);
  await waitFor(() => expect(requestMock).toHaveBeenCalledWith({ type: 'profile/list' }));
  fireEvent.click(screen.getByRole('button', { name: 'New profile' }));
}

describe('the vendor profile form: errors once a field is left, all of them on save', () => {
  it('a new, untouched profile shows no error at all, though nearly every field is still wrong', async () => {
    await openNewProfile();
    // The empty draft is not a valid profile: the checks have plenty to say, the form holds them back.
    const check = validateProfile(draftNow(), isValidSelectorInDom);
    expect(check.ok).toBe(false);
    expect(Object.keys(check.ok ? {} : check.errors).length).toBeGreaterThan(3);
    expect(invalid()).toEqual([]);
    expect(errorTexts()).toEqual([]);
    expect(form().querySelector('[aria-describedby]')).toBeNull();
  });

  it('typing alone shows nothing; leaving a field with a bad value shows that field’s error only', async () => {
    await openNewProfile();
    fireEvent.input(field('hostPattern'), { target: { value: 'console.sierra.example' } });
    expect(invalid()).toEqual([]);
    fireEvent.blur(field('hostPattern'));
    expect(invalid()).toEqual(['hostPattern']);
    const error = document.getElementById('profile-hostPattern-error')!;
    expect(error.textContent).toMatch(/match pattern/);
    expect(field('hostPattern').getAttribute('aria-describedby')).toBe('profile-hostPattern-error');
    expect(errorTexts()).toEqual([error.textContent]);
    // Fixed: the error goes as the value is typed (the field was left once, so it is checked as it changes).
    fireEvent.input(field('hostPattern'), { target: { value: 'https://console.sierra.example/*' } });
    expect(invalid()).toEqual([]);
    // Leaving a required field empty is a bad value too, and marks only that one.
    fireEvent.blur(field('name'));
    expect(invalid()).toEqual(['name']);
  });

  it('saving shows every field’s error, exactly those the checks find, and asks for no access', async () => {
    await openNewProfile();
    fireEvent.input(field('id'), { target: { value: 'sierra' } });
    fireEvent.blur(field('id'));
    expect(invalid()).toEqual([]); // a good value left: nothing to say
    fireEvent.click(screen.getByRole('button', { name: 'Save and grant access' }));
    const check = validateProfile(draftNow(), isValidSelectorInDom);
    if (check.ok) throw new Error('the draft should not be valid');
    const expected = PROFILE_FIELDS.filter((name) => check.errors[name]);
    expect(expected).toContain('name');
    expect(expected).toContain('hostPattern');
    expect(expected).not.toContain('id');
    expect(invalid()).toEqual(expected);
    expect(errorTexts()).toEqual(expected.map((name) => check.errors[name]));
    expect(screen.getAllByRole('status').some((s) => s.textContent === 'Not saved: fix the fields marked below.')).toBe(true);
    expect(requestMock).not.toHaveBeenCalledWith(expect.objectContaining({ type: 'profile/save' }));
  });

  it('asking for a preview of an unfinished profile marks every field as well', async () => {
    await openNewProfile();
    fireEvent.click(screen.getByRole('button', { name: 'Preview on the open tab' }));
    await waitFor(() => expect(screen.getByRole('status', { name: 'Preview' }).textContent).toBe('Fix the fields marked below first.'));
    expect(invalid().length).toBeGreaterThan(3);
  });

  it('a saved profile that today’s checks refuse opens for editing with its bad field marked at once', async () => {
    saved = [{ ...sierra, conversationIdPattern: '^/c/(a+)+$', access: true }];
    render(<ProfilesPanel />);
    fireEvent.click(await screen.findByRole('button', { name: 'Edit' }));
    expect(invalid()).toEqual(['conversationIdPattern']);
    expect(document.getElementById('profile-conversationIdPattern-error')!.textContent).toMatch(/exponential time/);
  });

  it('the example opens with no error, and a new profile after it starts clean again', async () => {
    render(<ProfilesPanel />);
    await waitFor(() => expect(requestMock).toHaveBeenCalledWith({ type: 'profile/list' }));
    fireEvent.change(screen.getByRole('combobox', { name: 'Start from an example' }), { target: { value: 'sierra' } });
    expect(field('name').value).toBe(sierra.name);
    expect(invalid()).toEqual([]);
    // Saved (access refused, the background answers nothing here): every error shown, and there is none.
    const asked = vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(false as never);
    fireEvent.click(screen.getByRole('button', { name: 'Save and grant access' }));
    expect(asked).toHaveBeenCalledWith({ origins: [sierra.hostPattern] });
    expect(invalid()).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'New profile' }));
    expect(invalid()).toEqual([]);
    expect(errorTexts()).toEqual([]);
  });
});
