// Package emulate stands in for the course's private source database: it generates Pinterest
// posts (pin, geo and user rows with the course's columns, types and dirty values, sharing an
// index) from a seed, and sends them through the deployed API to the Kafka topics (REST proxy
// v2 envelope) and the Kinesis streams (PutRecord bodies), with paced concurrency, retries on
// throttling and 5xx, progress and a summary. cmd/emulate is a thin wrapper around Main.
package emulate
