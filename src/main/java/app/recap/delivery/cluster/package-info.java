/**
 * Sending an edition from several nodes: with {@code recap.cluster.mode=manager} the send step puts one request
 * per id range on a JMS queue (ActiveMQ Artemis) and workers run those partitions; the job repository is the
 * only channel back, and partitions of a dead worker are failed so a restart re-sends them.
 */
package app.recap.delivery.cluster;
