/** Outgoing webhooks (ADMIN): endpoints with their secrets and events, and each endpoint's delivery log. */
package app.recap.admin.webhooks;
