// Package awslimits holds AWS API input constraints that the provider accepts at plan time
// but the service rejects at apply time, as pure functions, so that whole-stack tests and the
// policy pack check them with the same code.
package awslimits
