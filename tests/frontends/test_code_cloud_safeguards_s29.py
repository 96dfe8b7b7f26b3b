"""Google Cloud and Azure SDK calls that turn a safeguard off through their parameters, mapped
to the `gcloud`/`az` command with the same effect (session 29, engineer "code6";
`semantics.Recorder.safeguard_call`): the method names (`patch`, `set_deletion_protection`,
`set_service_properties`) carry no destroy verb, so each BLOCKED command ran unasked on main.
Run as a blocked agent would (`agentsh -c`, no terminal, CLAUDECODE=1). Each has an everyday twin
in RUNS (the same call keeping the safeguard on), which must keep running."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import assert_blocked, run_as_agent
from tests.frontends.conftest import agent_env

GCE = ("python3 -c 'from google.cloud import compute_v1; compute_v1.InstancesClient()"
       ".set_deletion_protection(project=\"p\", zone=\"z\", resource=\"web-1\", "
       "deletion_protection={})'")
SQLADMIN = ("python3 - <<'EOF'\nfrom googleapiclient import discovery\n"
            "s = discovery.build(\"sqladmin\", \"v1beta4\")\n"
            "s.instances().patch(project=\"p\", instance=\"prod-db\", body={{\"settings\": "
            "{{\"backupConfiguration\": {{\"enabled\": {}}}}}}}).execute()\nEOF")
PITR = ("python3 - <<'EOF'\nfrom googleapiclient import discovery\n"
        "s = discovery.build(\"sqladmin\", \"v1beta4\")\nbody = {{\"settings\": "
        "{{\"backupConfiguration\": {{\"pointInTimeRecoveryEnabled\": {}}}}}}}\n"
        "s.instances().patch(project=\"p\", instance=\"prod-db\", body=body).execute()\nEOF")
AZURE = ("cat > ret.py <<'EOF' && python3 ret.py\n"
         "from azure.identity import DefaultAzureCredential\n"
         "from azure.mgmt.storage import StorageManagementClient\n"
         "from azure.mgmt.storage.models import BlobServiceProperties, DeleteRetentionPolicy\n"
         "c = StorageManagementClient(DefaultAzureCredential(), \"sub\")\n"
         "c.blob_services.set_service_properties(\"rg\", \"acmeprod\", BlobServiceProperties("
         "delete_retention_policy=DeleteRetentionPolicy(enabled={})))\nEOF")
NODE = ("node -e 'const compute = require(\"@google-cloud/compute\"); new compute.InstancesClient()"
        ".setDeletionProtection({{project: \"p\", zone: \"z\", resource: \"web-1\", "
        "deletionProtection: {}}});'")

BLOCKED = {
    "gce-deletion-protection-off": GCE.format("False"),
    "cloudsql-backups-off": SQLADMIN.format("False"),
    "cloudsql-pitr-off": PITR.format("False"),
    "azure-blob-soft-delete-off": AZURE.format("False"),
    "node-gce-deletion-protection-off": NODE.format("false"),
}
RUNS = {
    "gce-deletion-protection-on": GCE.format("True"),
    "cloudsql-backups-on": SQLADMIN.format("True"),
    "cloudsql-pitr-on": PITR.format("True"),
    "azure-blob-soft-delete-on": AZURE.format("True"),
    "node-gce-deletion-protection-on": NODE.format("true"),
    # a resource made without the safeguard loses nothing yet
    "gce-insert-without-protection": "python3 -c 'from google.cloud import compute_v1; "
                                     "compute_v1.InstancesClient().insert(project=\"p\", zone=\"z\", "
                                     "instance_resource={\"name\": \"w\", \"deletionProtection\": False})'",
}


@pytest.fixture
def proj(tmp_path: Path, agent_home: Path):
    env = agent_env(agent_home, snapshots=False)
    proj = tmp_path / "proj"
    proj.mkdir()
    return proj, env


@pytest.mark.parametrize("command", BLOCKED.values(), ids=list(BLOCKED))
def test_sdk_call_turning_a_safeguard_off_is_refused(agentsh_bin, proj, command) -> None:
    proj, env = proj
    assert_blocked(run_as_agent(agentsh_bin, command, proj, env))


@pytest.mark.parametrize("command", RUNS.values(), ids=list(RUNS))
def test_the_same_call_keeping_it_on_runs(agentsh_bin, proj, command) -> None:
    proj, env = proj
    done = run_as_agent(agentsh_bin, command, proj, env)
    assert done.returncode != 126 and b"blocked" not in done.stderr, done.stderr[-600:]
