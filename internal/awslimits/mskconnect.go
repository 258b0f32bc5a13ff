package awslimits

import (
	"errors"
	"fmt"
	"strings"
)

// MSK Connect's rules for worker configuration keys, from the Amazon MSK developer guide,
// "Supported worker configuration properties"
// (https://docs.aws.amazon.com/msk/latest/developerguide/msk-connect-supported-worker-config-properties.html):
// producer. and consumer. keys only from its two lists; any other key unless it is, or starts
// with, one of the excluded names.
var (
	supportedProducerProperties = wordSet(`acks batch.size buffer.memory compression.type enable.idempotence
		key.serializer linger.ms max.request.size metadata.max.age.ms metadata.max.idle.ms partitioner.class
		reconnect.backoff.max.ms reconnect.backoff.ms request.timeout.ms retry.backoff.ms value.serializer`)
	supportedConsumerProperties = wordSet(`allow.auto.create.topics auto.offset.reset check.crcs fetch.max.bytes
		fetch.max.wait.ms fetch.min.bytes heartbeat.interval.ms key.deserializer max.partition.fetch.bytes
		max.poll.interval.ms max.poll.records metadata.max.age.ms partition.assignment.strategy
		reconnect.backoff.max.ms reconnect.backoff.ms request.timeout.ms retry.backoff.ms session.timeout.ms
		value.deserializer`)
	excludedWorkerPrefixes = strings.Fields(`access.control. admin. admin.listeners.https. client. connect.
		inter.worker. internal. listeners.https. metrics. metrics.context. rest. sasl. security. socket. ssl.
		topic.tracking. worker.`)
	excludedWorkerProperties = wordSet(`bootstrap.servers config.storage.topic connections.max.idle.ms
		connector.client.config.override.policy group.id listeners metric.reporters plugin.path
		receive.buffer.bytes response.http.headers.config scheduled.rebalance.max.delay.ms send.buffer.bytes
		status.storage.topic`)
)

func wordSet(words string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.Fields(words) {
		out[w] = true
	}
	return out
}

// MSKConnectWorkerProperty reports whether MSK Connect accepts a key in a worker configuration.
func MSKConnectWorkerProperty(key string) error {
	if rest, ok := strings.CutPrefix(key, "producer."); ok {
		if !supportedProducerProperties[rest] {
			return fmt.Errorf("%s is not one of the producer. properties MSK Connect supports", key)
		}
		return nil
	}
	if rest, ok := strings.CutPrefix(key, "consumer."); ok {
		if !supportedConsumerProperties[rest] {
			return fmt.Errorf("%s is not one of the consumer. properties MSK Connect supports", key)
		}
		return nil
	}
	if excludedWorkerProperties[key] {
		return fmt.Errorf("MSK Connect does not let a worker configuration set %s", key)
	}
	for _, prefix := range excludedWorkerPrefixes {
		if strings.HasPrefix(key, prefix) {
			return fmt.Errorf("MSK Connect does not let a worker configuration set %s (no %s* keys)", key, prefix)
		}
	}
	return nil
}

// MSKConnectWorkerConfiguration checks a worker configuration the way CreateWorkerConfiguration would:
// key.converter and value.converter present, and every key supported. It names every problem.
func MSKConnectWorkerConfiguration(content string) error {
	var errs []error
	seen := map[string]bool{}
	for _, line := range strings.Split(content, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, _, ok := strings.Cut(line, "=")
		if !ok {
			errs = append(errs, fmt.Errorf("worker configuration line %q is not key=value", line))
			continue
		}
		key = strings.TrimSpace(key)
		seen[key] = true
		if err := MSKConnectWorkerProperty(key); err != nil {
			errs = append(errs, err)
		}
	}
	for _, required := range []string{"key.converter", "value.converter"} {
		if !seen[required] {
			errs = append(errs, fmt.Errorf("the worker configuration must set %s", required))
		}
	}
	return errors.Join(errs...)
}
