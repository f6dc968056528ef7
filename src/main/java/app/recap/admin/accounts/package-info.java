/**
 * Who may use the admin: accounts and roles, the first admin from configuration, API tokens, the failed
 * sign-in throttle, and the accounts page.
 */
package app.recap.admin.accounts;
