"""The layer's content hash covers every input, and nothing else."""
from __future__ import annotations

from pathlib import Path

import pytest
from tests.kit.pipeline import ROOT, copy_layer_recipe, layer_path


@pytest.fixture
def recipe(tmp_path: Path) -> Path:
    return copy_layer_recipe(tmp_path / "checkout")


def test_same_inputs_give_the_same_path(recipe: Path) -> None:
    # GIVEN an unchanged recipe WHEN asked twice THEN the same zip name comes back
    assert layer_path(recipe) == layer_path(recipe)


def test_the_real_checkout_and_a_copy_agree(recipe: Path) -> None:
    # GIVEN the same files in another folder THEN the hash ignores where they are
    assert Path(layer_path(recipe)).name == Path(layer_path(ROOT)).name


@pytest.mark.parametrize("env", [{"PYTHON_RUNTIME": "python3.13"}, {"ARCH": "arm64"}])
def test_runtime_and_architecture_change_the_hash(recipe: Path, env: dict[str, str]) -> None:
    assert layer_path(recipe, env) != layer_path(recipe)


@pytest.mark.parametrize("rel", ["layer/requirements.txt", "scripts/layer.sh", "scripts/artefacts/detzip.py",
                                 "scripts/artefacts/layer_prune.py"])
def test_requirements_and_recipe_change_the_hash(recipe: Path, rel: str) -> None:
    before = layer_path(recipe)
    with (recipe / rel).open("a") as f:
        f.write("\n# edited\n")
    assert layer_path(recipe) != before


def test_a_handler_edit_does_not_change_the_hash(recipe: Path) -> None:
    # GIVEN a checkout with a handler WHEN the handler changes THEN the layer stays
    handler = recipe / "handlers/probe/basic_handler.py"
    handler.parent.mkdir(parents=True)
    handler.write_text("def lambda_handler(event, context):\n    return 1\n")
    before = layer_path(recipe)
    handler.write_text("def lambda_handler(event, context):\n    return 2\n")
    assert layer_path(recipe) == before


def feature_requirements(checkout: Path, feature: str, text: str) -> None:
    path = checkout / "handlers" / feature / "requirements.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_a_features_own_packages_give_it_its_own_layer(recipe: Path) -> None:
    # GIVEN a feature declaring an extra package and one declaring none
    feature_requirements(recipe, "masking", "jsonpath-ng==1.16.0\n")
    (recipe / "handlers/plain").mkdir(parents=True)
    # WHEN each asks for its layer THEN the one with packages differs and the other is the base layer
    assert layer_path(recipe, {"FEATURE": "masking"}) != layer_path(recipe)
    assert layer_path(recipe, {"FEATURE": "plain"}) == layer_path(recipe)


def test_features_with_the_same_packages_share_one_layer(recipe: Path) -> None:
    # GIVEN two features with the same set of extra packages and a third with another
    feature_requirements(recipe, "masking", "jsonpath-ng==1.16.0\n")
    feature_requirements(recipe, "masking_two", "jsonpath-ng==1.16.0\n")
    feature_requirements(recipe, "openapi", "idna==3.20\n")
    # THEN the first two map to one zip and the third to its own
    assert layer_path(recipe, {"FEATURE": "masking"}) == layer_path(recipe, {"FEATURE": "masking_two"})
    assert layer_path(recipe, {"FEATURE": "openapi"}) != layer_path(recipe, {"FEATURE": "masking"})
