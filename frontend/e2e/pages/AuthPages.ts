// Page objects for the pages a person reaches before signing in.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export const PASSWORD = 'correct horse battery';

export class SignUpPage {
  constructor(readonly page: Page) {}
  async open(query = '') {
    await this.page.goto(`/sign-up${query}`);
    await this.page.getByRole('heading', { name: 'Create your account' }).waitFor();
  }
  async fill(p: { name: string; email?: string; password?: string }) {
    await this.page.getByLabel('Name').fill(p.name);
    if (p.email !== undefined) await this.page.getByLabel('Email').fill(p.email);
    await this.page.getByLabel(/^Password/).fill(p.password ?? PASSWORD);
  }
  async submit() {
    await this.page.getByRole('button', { name: 'Create account' }).click();
  }
}

export class SignInPage {
  constructor(readonly page: Page) {}
  async open(query = '') {
    await this.page.goto(`/sign-in${query}`);
    await this.page.getByRole('heading', { name: 'Sign in' }).waitFor();
  }
  async signIn(email: string, password = PASSWORD) {
    const emailBox = this.page.getByLabel('Email');
    if ((await emailBox.inputValue()) !== email) await emailBox.fill(email);
    await this.page.getByLabel(/^Password/).fill(password);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
  }
}

export class ForgotPasswordPage {
  constructor(readonly page: Page) {}
  /** From the sign-in page's "Forgot password?" link. */
  async openFromSignIn() {
    await this.page.getByRole('link', { name: 'Forgot password?' }).click();
    await this.page.getByRole('heading', { name: 'Reset your password' }).waitFor();
  }
  async request(email: string) {
    const box = this.page.getByLabel('Email');
    if ((await box.inputValue()) !== email) await box.fill(email);
    await this.page.getByRole('button', { name: 'Send reset link' }).click();
    await this.page.getByRole('heading', { name: 'Check your email' }).waitFor();
  }
}

export class ResetPasswordPage {
  constructor(readonly page: Page) {}
  async open(link: string) {
    await this.page.goto(link);
    await this.page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
  }
  async choose(password: string) {
    await this.page.getByLabel(/^New password/).fill(password);
    await this.page.getByLabel(/^Repeat the new password/).fill(password);
    await this.page.getByRole('button', { name: 'Save password and sign in' }).click();
  }
}

export class VerifyEmailPage {
  constructor(readonly page: Page) {}
  async expectCheckInbox(email: string) {
    await this.page.getByRole('heading', { name: 'Check your email' }).waitFor();
    expect(await this.page.getByText(email).first().isVisible()).toBe(true);
  }
  async open(link: string) {
    await this.page.goto(link);
  }
  async expectVerified() {
    await this.page.getByRole('heading', { name: 'Your email is verified' }).waitFor();
  }
}

export class InvitationPage {
  constructor(readonly page: Page) {}
  async open(link: string) {
    await this.page.goto(link);
  }
  heading() {
    return this.page.getByRole('heading', { level: 1 });
  }
  async expectInvitation(organizationName: string) {
    await this.page.getByRole('heading', { name: `Join ${organizationName}` }).waitFor();
  }
  async expectUnusable(title: string | RegExp) {
    await this.page.getByRole('heading', { name: title }).waitFor();
  }
  async createAccount() {
    await this.page.getByRole('link', { name: 'Create an account' }).click();
  }
  async signInToAccept() {
    await this.page.getByRole('link', { name: 'Sign in to accept' }).click();
  }
  async accept() {
    await this.page.getByRole('button', { name: 'Accept invitation' }).click();
  }
  async decline() {
    await this.page.getByRole('button', { name: 'Decline', exact: true }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Decline this invitation?' });
    await dialog.getByRole('button', { name: 'Decline invitation' }).click();
  }
}
