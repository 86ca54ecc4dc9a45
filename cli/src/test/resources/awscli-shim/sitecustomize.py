# Test harness for AwsCliValidateLogsTest: `aws cloudtrail validate-logs` creates its S3 clients without the
# command's --endpoint-url. AWS CLIs from 1.29 / 2.13 on read AWS_ENDPOINT_URL_S3 for them; older ones (Debian 12's
# awscli 2.9) do not, and would call the real S3. This file, put on PYTHONPATH by the test only, gives older CLIs
# the same behaviour: an S3 client created without an endpoint gets AWS_ENDPOINT_URL_S3. It changes nothing else;
# the validation itself is the CLI's own code.
import os

_url = os.environ.get("AWS_ENDPOINT_URL_S3")


def _patch(module_name):
    try:
        module = __import__(module_name, fromlist=["Session"])
    except Exception:
        return
    original = module.Session.create_client
    if getattr(original, "_trailkeeper_shim", False):
        return

    def create_client(self, service_name, *args, **kwargs):
        # endpoint_url is the fourth parameter after the service name (region_name, use_ssl, verify, endpoint_url)
        if service_name == "s3" and len(args) < 4 and not kwargs.get("endpoint_url"):
            kwargs["endpoint_url"] = _url
        return original(self, service_name, *args, **kwargs)

    create_client._trailkeeper_shim = True
    module.Session.create_client = create_client


if _url:
    # AWS CLI v2 carries its own botocore (awscli.botocore), which also answers to "botocore" once awscli is
    # imported: patch both names, v2's first
    _patch("awscli.botocore.session")
    _patch("botocore.session")
