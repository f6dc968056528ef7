/** Subscribers, their export and the suppression list: screens and API over one service. */
package app.recap.admin.subscribers;
