/**
 * The send step's reader and writer: a partition reads its due PENDING deliveries in id windows, sends each
 * over the partition's connection at the configured rate, and records each outcome on its own right after the
 * relay's reply.
 */
package app.recap.delivery.send;
