#!/usr/bin/env python3
"""An upstream producer writing one customer command straight to OpenCDP's customer-commands topic.

The wire format is Confluent's: a zero byte, the schema's 4-byte big-endian registry id, then the Avro
binary encoding; keys and values are registered under the subjects <topic>-key and <topic>-value. The
schemas are docs/avro/customer-commands-key.avsc and customer-commands-value.avsc.

Needs Debian's python3-confluent-kafka and python3-avro (apt-get install python3-confluent-kafka python3-avro).

  python3 upstream_producer.py --bootstrap 127.0.0.1:9092 \
      --registry http://127.0.0.1:8085/apis/ccompat/v7 --workspace demo --customer 42 plan=pro
"""
import argparse
import datetime
import io
import json
import pathlib
import struct
import urllib.request
import uuid

import avro.io
import avro.schema
from confluent_kafka import Producer

TOPIC = "customer-commands"
SCHEMAS = pathlib.Path(__file__).resolve().parents[2] / "docs" / "avro"


def registered_id(registry, subject, schema_text):
    """The registry id of the schema under subject, registering it if new (Confluent API)."""
    request = urllib.request.Request(
        f"{registry}/subjects/{subject}/versions",
        data=json.dumps({"schema": schema_text}).encode(),
        headers={"Content-Type": "application/vnd.schemaregistry.v1+json"}, method="POST")
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.load(answer)["id"]


def encode(schema, schema_id, datum):
    """Confluent framing: magic byte 0, the id, then the Avro binary encoding."""
    out = io.BytesIO()
    out.write(struct.pack(">bI", 0, schema_id))
    avro.io.DatumWriter(schema).write(datum, avro.io.BinaryEncoder(out))
    return out.getvalue()


def serializer(registry, subject):
    text = (SCHEMAS / f"{subject}.avsc").read_text()
    schema = avro.schema.parse(text)
    schema_id = registered_id(registry, subject, text)
    return lambda datum: encode(schema, schema_id, datum)


def main():
    parser = argparse.ArgumentParser(description="Write one upsert command for a customer to customer-commands")
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--registry", required=True, help="the registry's Confluent API, e.g. http://host:8085/apis/ccompat/v7")
    parser.add_argument("--workspace", required=True)
    parser.add_argument("--customer", required=True)
    parser.add_argument("attributes", nargs="+", help="name=value (values are strings)")
    args = parser.parse_args()

    key = serializer(args.registry, f"{TOPIC}-key")
    value = serializer(args.registry, f"{TOPIC}-value")
    request_id = f"upstream-{uuid.uuid4()}"
    command = {
        "command_id": f"{request_id}:0",  # unique per command, stable if this send is retried
        "workspace_id": args.workspace,
        "customer_id": args.customer,
        "request_id": request_id,
        "timestamp": datetime.datetime.now(datetime.timezone.utc),
        "source_route": "upstream",
        "family": "UPSTREAM",
        "command": {"attributes": dict(a.split("=", 1) for a in args.attributes), "declared_types": {}},
        "idempotency_key": None,
        "expects_profile": False,
        "forwarded_from": None,
    }
    # Idempotent and acks=all, as the services' own producers: a retried send is written once. The partitioner
    # must be Java's (murmur2 of the key bytes): librdkafka's default (CRC32) would put a customer's commands on
    # another partition than every other producer's, so they would not be folded into the same profile.
    producer = Producer({"bootstrap.servers": args.bootstrap, "enable.idempotence": True, "acks": "all",
                         "partitioner": "murmur2_random"})
    failures = []
    producer.produce(TOPIC, key=key({"workspace_id": args.workspace, "customer_id": args.customer}),
                     value=value(command), on_delivery=lambda err, msg: err and failures.append(err))
    producer.flush(30)
    if failures:
        raise SystemExit(f"not written: {failures[0]}")
    print(f"wrote command {command['command_id']} for customer {args.customer}")


if __name__ == "__main__":
    main()
