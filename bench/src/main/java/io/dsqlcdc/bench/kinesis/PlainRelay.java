package io.dsqlcdc.bench.kinesis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * Stream mode's peer: the smallest relay that loses nothing. Every shard is read ({@link ShardPump}) and each
 * record's payload produced as is to one topic (key: the record's partition key) with an idempotent,
 * non-transactional producer; a shard's next batch is read only once the last one was acknowledged, as a relay that
 * checkpoints after each batch would. At least once: no ordering per key, no dedupe, no conversion, no state.
 */
public final class PlainRelay implements AutoCloseable {
  private final KafkaProducer<String, byte[]> producer;
  private final ShardPump pump;

  public PlainRelay(KinesisClient kinesis, String streamName, String bootstrapServers, String topic) {
    producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    try {
      pump = ShardPump.start(kinesis, streamName, records -> produce(topic, records));
    } catch (RuntimeException e) {
      producer.close();
      throw e;
    }
  }

  private void produce(String topic, List<Record> records) throws Exception {
    List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
    for (Record record : records) {
      sent.add(producer.send(new ProducerRecord<>(topic, record.partitionKey(), record.data().asByteArray())));
    }
    producer.flush();
    for (Future<RecordMetadata> ack : sent) {
      ack.get();
    }
  }

  /** Records read and acknowledged by Kafka so far; rethrows a failure. */
  public long relayed() {
    return pump.records();
  }

  @Override
  public void close() throws InterruptedException {
    try {
      pump.close();
    } finally {
      producer.close();
    }
  }
}
