"""Precision round 8 (docs/precision.md, section 33): a cluster, image or compose stack the
command line itself made, deleted again later in the same line, is the line's own
(`engine.made`): `kind create cluster --name t && kubectl apply -f k8s/ && kubectl delete -f
k8s/ && kind delete cluster --name t` runs. Its dangerous twins still ask: a creation joined
by `;` (it may have failed on a name taken before the line), another name, a context changed in
between (`kubectl config use-context`, a script, a subshell, KUBECONFIG, --kubeconfig), a
`minikube start` (it succeeds on an existing profile). Run as an agent would run them, with
stand-in `kind`/`k3d`/`kubectl`/`docker` programs that log what they were asked."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import assert_blocked, run_as_agent
from tests.frontends.conftest import agent_batch, agent_env

RUNS = [
    "kind create cluster --name play && kubectl create ns demo && kubectl -n demo apply -f m/ && "
    "kubectl delete ns demo",
    "kind create cluster --name t1 && kubectl apply -f k8s/ && kubectl delete -f k8s/ && "
    "kind delete cluster --name t1",
    "kind create cluster --name e2e --wait 60s && kubectl --context kind-e2e delete pod -l app=api",
    "kind create cluster --name ci-$$ && kubectl apply -f k8s/; kind delete cluster --name ci-$$",
    "k3d cluster create ci-test --agents 1 && kubectl apply -f deploy/ && k3d cluster delete ci-test",
    "minikube start -p scratch-$$ && kubectl get nodes && minikube delete -p scratch-$$",
    "docker build -t api:test . && docker run --rm api:test pytest -q && docker rmi api:test",
    "docker compose -p it-$$ up -d --wait && pytest -q; docker compose -p it-$$ down -v",
    "kind create cluster --name t && yq '.a' values.yaml && docker ps && kubectl delete ns demo",
    "docker buildx build --load -t app:ci . && docker rmi app:ci",
    "createdb scratch_$$ && pytest -q; dropdb -h localhost -U postgres scratch_$$",
]

STILL_ASK = [
    "kind delete cluster --name dev",
    "kind create cluster --name t1; kind delete cluster --name t1",
    "kind create cluster --name t1 && kind delete cluster --name t2",
    "kind create cluster --name play && kubectl config use-context prod && kubectl delete ns db",
    "kind create cluster --name play && ./deploy.sh && kubectl delete ns db",
    "kind create cluster --name play && (kubectl config use-context prod) && kubectl delete ns db",
    "kind create cluster --name play && kubectl config use-context prod | cat && kubectl delete ns db",
    "kind create cluster --name play && kubectl --context prod delete ns db",
    "kind create cluster --name play && kubectl --kubeconfig ~/.kube/prod delete ns db",
    "kind create cluster --name play && KUBECONFIG=/x kubectl delete ns db",
    "kind create cluster --name play & kubectl delete ns db",
    "kubectl delete ns db; kind create cluster --name play",
    "kind create cluster --name a && kind delete cluster --name a && kubectl delete ns db",
    "kind create cluster --config kind.yaml && kind delete cluster --name kind",
    "k3d cluster create ci-test && k3d cluster delete ci-other",
    "minikube start -p scratch && minikube delete -p scratch",
    "docker build -t api:test . ; docker rmi api:test",
    "docker build -t api:test . && docker rmi api:prod",
    "docker compose -p shop down -v",
    "docker compose up -d && pytest; docker compose down -v",
    "createdb scratch && pytest -q; dropdb scratch",
    "kind create cluster --name play && KUBECONFIG=$(cat f) && kubectl delete ns db",
    "kind create cluster --name play && cat prod.yaml > ~/.kube/config && kubectl delete ns db",
    "kind create cluster --name play && timeout 9 kubectl config use-context prod && "
    "kubectl delete ns db",
    "trap 'kubectl config use-context prod' ERR; kind create cluster --name play && "
    "kubectl delete ns db",
    "coproc kubectl config use-context prod; kind create cluster --name play && "
    "kubectl delete ns db",
    "createdb scratch_$$ && dropdb scratch_$$ app_dev",
    "createdb scratch_$$ && psql -d scratch_$$ -c 'DROP DATABASE app_dev'",
]

# review-c (stop 29): the line's own name given first, another after it (these programs keep
# the last value of a repeated option), a kube configuration rewritten by a program thought
# harmless, a creation elsewhere than where the deletion looks
STILL_ASK_REVIEW = [
    "kind create cluster --name t && kind delete cluster --name t --name prod",
    "kind create cluster --name t && kind delete cluster --name t -n prod",
    "kind delete cluster --name ci-$$ --name prod",
    "minikube delete -p ci-$$ -p prod",
    "minikube delete -p ci-$$ -pprod",
    "docker compose -p ci-$$ -p prod down -v",
    "kind create cluster --name t && kubectl --context kind-t --context prod delete ns --all",
    "kind create cluster --name t && kubectl delete ns --all --context=kind-t --context=prod",
    "kind create cluster --name t && yq -i '.contexts[0].context.cluster=\"prod\"' "
    "~/.kube/config && kubectl delete ns --all",
    "kind create cluster --name t && kubectl cp p:/k ~/.kube/config && kubectl delete ns --all",
    "kind create cluster --name t && docker cp c:/k ~/.kube/config && kubectl delete ns --all",
    "kind create cluster --name t && kubectl --context kind-t config use-context prod && "
    "kubectl delete ns --all",
    "KIND_EXPERIMENTAL_PROVIDER=podman kind create cluster --name prod && "
    "kind delete cluster --name prod",
    "docker buildx build -t app . && docker rmi app",
    "docker build -o out -t app . && docker rmi app",
    "docker compose -p ci-$$ down -v --rmi all",
    "kind create cluster --name t && kubectl ctx prod && kubectl delete ns --all",
    "kind create cluster --name t && kubectl -n x ctx prod && kubectl delete ns --all",
    "kind create cluster --name t && helm kubeconfig prod && kubectl delete ns --all",
    "docker build -t app . && docker context use prod && docker rmi app",
    "export DOCKER_HOST=ssh://b; docker build -t app . && unset DOCKER_HOST && docker rmi app",
    "docker build -t app . && DOCKER_HOST=ssh://prod docker rmi app",
    "docker build -t app . && export DOCKER_CONTEXT=prod && docker rmi app",
    "kind create cluster --name t && export KIND_EXPERIMENTAL_PROVIDER=podman && "
    "kind delete cluster --name t",
    "kind create cluster --name t && DOCKER_HOST=ssh://prod kind delete cluster --name t",
    "kind create cluster --name t && docker context use prod && kind delete cluster --name t",
]
STILL_ASK += STILL_ASK_REVIEW


def _stand_ins(tmp_path: Path) -> tuple[Path, Path]:
    """A folder of programs that log their arguments, and the log."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "calls.log"
    for name in ("kind", "k3d", "kubectl", "docker", "minikube"):
        tool = bin_dir / name
        tool.write_text(f"#!/bin/sh\necho \"{name} $*\" >> '{log}'\n")
        tool.chmod(0o755)
    return bin_dir, log


def test_what_the_line_made_may_go(agentsh_bin, tmp_path: Path, agent_home: Path) -> None:
    env = agent_env(agent_home, snapshots=False)
    for command, verdict in zip(RUNS, agent_batch(agentsh_bin, tmp_path, env, RUNS), strict=True):
        assert verdict["decision"] == "allow", (command, verdict["findings"])


@pytest.mark.parametrize("command", STILL_ASK, ids=range(len(STILL_ASK)))
def test_what_it_did_not_make_still_asks(agentsh_bin, tmp_path: Path, agent_home: Path,
                                         command: str) -> None:
    env = agent_env(agent_home, snapshots=False)
    [verdict] = agent_batch(agentsh_bin, tmp_path, env, [command])
    assert verdict["decision"] != "allow", (command, verdict["findings"])


def test_as_an_agent(agentsh_bin, tmp_path: Path, agent_home: Path) -> None:
    """The line that deletes its own cluster runs (every step reaches the programs); the one
    that switches context first is blocked and nothing of it runs."""
    bin_dir, log = _stand_ins(tmp_path)
    env = agent_env(agent_home, snapshots=False)
    env["PATH"] = f"{bin_dir}:{env['PATH']}"
    work = tmp_path / "work"
    work.mkdir()
    done = run_as_agent(agentsh_bin, RUNS[1], work, env, text=True)
    assert done.returncode == 0, done.stderr
    assert log.read_text().splitlines() == [
        "kind create cluster --name t1", "kubectl apply -f k8s/", "kubectl delete -f k8s/",
        "kind delete cluster --name t1"]
    log.unlink()
    twin = "kind create cluster --name play && kubectl config use-context prod && " \
           "kubectl delete ns db"
    assert_blocked(run_as_agent(agentsh_bin, twin, work, env, text=True))
    assert not log.exists()
