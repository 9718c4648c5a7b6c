"""localcloud: moto's AWS control plane plus a Lambda data plane (execution,
logs, EMF metrics, X-Ray traces) on one loopback port. See DESIGN.md §4."""
