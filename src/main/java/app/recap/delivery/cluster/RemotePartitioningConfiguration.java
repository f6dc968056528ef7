package app.recap.delivery.cluster;

import java.time.Clock;

import jakarta.jms.ConnectionFactory;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.integration.partition.BeanFactoryStepLocator;
import org.springframework.batch.integration.partition.RemotePartitioningManagerStepBuilder;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.jms.dsl.Jms;

import app.recap.delivery.DeliveryProperties;
import app.recap.delivery.DeliveryRangePartitioner;
import app.recap.delivery.WeeklyDigestJobConfiguration;

/**
 * Spring Batch remote partitioning of the send step over JMS (ActiveMQ Artemis). The manager splits the
 * edition's pending deliveries into id ranges exactly as locally, stores one step execution per range in the
 * shared job repository and puts a {@link StepExecutionRequest} per range on the queue; a worker takes a
 * request and runs the same {@code sendPartition} step on it. Workers report back through the job repository
 * only (the manager polls it), so a worker that dies leaves its partition unfinished: the manager's step fails
 * at {@code recap.cluster.timeout} and a restart of the job re-sends only unfinished partitions, whose readers
 * see only deliveries still PENDING.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${recap.cluster.mode:local}'.toLowerCase() != 'local'")
@EnableIntegration
class RemotePartitioningConfiguration {

    @Bean
    ConnectionFactory recapBrokerConnectionFactory(ClusterProperties cluster) {
        var factory = new ActiveMQConnectionFactory(cluster.brokerUrl(), blankToNull(cluster.brokerUser()),
                blankToNull(cluster.brokerPassword()));
        // requests travel as serialised StepExecutionRequests; accept nothing else from the wire
        factory.setDeserializationAllowList("org.springframework.batch.integration.partition,java.lang");
        // the broker counts a request as consumed once it hands it to a worker (Artemis' pre-acknowledge): the
        // request of a worker killed mid-partition must not go to another worker while the manager counts it as
        // running (two workers on one range could both send); the timeout and a restart recover it instead
        factory.setPreAcknowledge(true);
        return factory;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "recap.cluster.mode", havingValue = "manager")
    static class Manager {

        @Bean
        DirectChannel partitionRequests() {
            return new DirectChannel();
        }

        @Bean
        IntegrationFlow partitionRequestsToBroker(DirectChannel partitionRequests, ConnectionFactory connectionFactory,
                ClusterProperties cluster) {
            return IntegrationFlow.from(partitionRequests)
                    .handle(Jms.outboundAdapter(connectionFactory).destination(cluster.queue()))
                    .get();
        }

        @Bean
        Step sendDigest(JobRepository jobs, DeliveryRangePartitioner deliveryPartitioner, DeliveryProperties delivery,
                ClusterProperties cluster, DirectChannel partitionRequests, BeanFactory beanFactory, Clock clock) {
            return new RemotePartitioningManagerStepBuilder("sendDigest", jobs)
                    .partitioner(WeeklyDigestJobConfiguration.PARTITION_STEP, deliveryPartitioner)
                    .gridSize(Math.max(1, delivery.partitions()))
                    .outputChannel(partitionRequests)
                    .pollInterval(cluster.pollInterval().toMillis())
                    .timeout(cluster.timeout().toMillis())
                    .beanFactory(beanFactory)
                    .listener(new AbandonedPartitions(jobs, WeeklyDigestJobConfiguration.PARTITION_STEP, clock))
                    .build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "recap.cluster.mode", havingValue = "worker")
    static class Worker {

        @Bean
        StepExecutionRequestHandler stepExecutionRequestHandler(JobRepository jobs, BeanFactory beanFactory) {
            var locator = new BeanFactoryStepLocator();
            locator.setBeanFactory(beanFactory);
            var handler = new StepExecutionRequestHandler();
            handler.setJobRepository(jobs);
            handler.setStepLocator(locator);
            return handler;
        }

        /** Runs each request's partition on this JVM; the outcome goes to the job repository, nothing replies. */
        @Bean
        IntegrationFlow partitionRequestsFromBroker(ConnectionFactory connectionFactory, ClusterProperties cluster,
                StepExecutionRequestHandler handler) {
            return IntegrationFlow.from(Jms.messageDrivenChannelAdapter(connectionFactory)
                            .destination(cluster.queue())
                            .configureListenerContainer(c -> c.concurrentConsumers(Math.max(1, cluster.concurrency()))))
                    .handle(message -> handler.handle((StepExecutionRequest) message.getPayload()))
                    .get();
        }
    }
}
