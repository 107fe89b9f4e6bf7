package org.stormwatch.flink;

import java.io.Serializable;

/**
 * Where {@link TransactionalKafkaSink} commits: the brokers, the prefix of its transactional ids
 * (two jobs writing at the same time need different prefixes, or they fence each other), and the
 * progress topic shared by the job's sinks.
 */
record KafkaTransactions(String bootstrap, String transactionalIdPrefix, String progressTopic)
    implements Serializable {}
