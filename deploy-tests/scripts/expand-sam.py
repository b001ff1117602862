"""Reads a SAM template and writes it twice as JSON: as written (intrinsic functions as their long form) and as
expanded offline by the AWS SAM translator (what CloudFormation deploys). No AWS credentials needed.

usage: expand-sam.py TEMPLATE RAW_JSON EXPANDED_JSON
"""
import json
import os
import sys

os.environ.setdefault("AWS_DEFAULT_REGION", "eu-west-1")

from cfnlint.decode import decode  # noqa: E402
from samtranslator.translator.transform import transform  # noqa: E402


class NoManagedPolicies:
    """The template attaches no managed policy by name; any lookup is an error worth seeing."""

    def load(self):
        return {}


def uploaded(template):
    """What `sam deploy` does first: each local CodeUri becomes the S3 object it uploads the file to."""
    for resource in template.get("Resources", {}).values():
        properties = resource.get("Properties", {})
        code = properties.get("CodeUri")
        if resource.get("Type") == "AWS::Serverless::Function" and isinstance(code, str) and not code.startswith("s3://"):
            properties["CodeUri"] = "s3://sam-artifacts/" + code
    return template


def main(template_path, raw_path, expanded_path):
    template, matches = decode(template_path)
    if matches:
        sys.exit("cannot read %s: %s" % (template_path, "; ".join(str(m) for m in matches)))
    plain = json.loads(json.dumps(template, default=str))
    with open(raw_path, "w") as out:
        json.dump(plain, out, indent=1)
    expanded = transform(uploaded(json.loads(json.dumps(plain))), {}, NoManagedPolicies())
    with open(expanded_path, "w") as out:
        json.dump(expanded, out, indent=1, default=str)


if __name__ == "__main__":
    main(*sys.argv[1:4])
