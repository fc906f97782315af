"""The private storage on an S3 bucket: moto's in-process mock (mock_aws) for the unit tests."""

import socket

import boto3
import pytest
from django.apps import apps
from django.db import models
from moto import mock_aws

from ccm_portal.settings.base import s3_storage_settings
from ccm_portal.storage import private_storage

BUCKET = "ccm-private"


def _private_file_fields():
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField) and getattr(field, "_storage_callable", None) is private_storage:
                yield field


def use_private_storage(settings, monkeypatch, alias: dict):
    """Switch the "private" alias, and the file fields that took their storage from it when the models loaded."""
    settings.STORAGES = {**settings.STORAGES, "private": alias}
    storage = private_storage()
    for field in _private_file_fields():
        monkeypatch.setattr(field, "storage", storage)
    return storage


@pytest.fixture
def s3_bucket(settings, monkeypatch):
    """The private storage in a fresh bucket of moto's mock S3 (as production.py configures it)."""
    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket=BUCKET)
        alias = s3_storage_settings(
            {
                "DJANGO_STORAGE_S3_BUCKET": BUCKET,
                "DJANGO_STORAGE_S3_REGION": "us-east-1",
                "DJANGO_STORAGE_S3_ACCESS_KEY_ID": "testing",
                "DJANGO_STORAGE_S3_SECRET_ACCESS_KEY": "testing",
            }
        )
        storage = use_private_storage(settings, monkeypatch, alias)
        yield storage


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def unreachable_store(settings, monkeypatch):
    """Point the private storage at an S3 endpoint where nothing listens: every call fails to connect.

    A function as well as the fixture below, for the upload tests of other areas (their own fixtures
    build what they upload to)."""
    alias = s3_storage_settings(
        {
            "DJANGO_STORAGE_S3_BUCKET": BUCKET,
            "DJANGO_STORAGE_S3_ENDPOINT_URL": f"http://127.0.0.1:{closed_port()}",
            "DJANGO_STORAGE_S3_REGION": "us-east-1",
            "DJANGO_STORAGE_S3_ACCESS_KEY_ID": "testing",
            "DJANGO_STORAGE_S3_SECRET_ACCESS_KEY": "testing",
        }
    )
    return use_private_storage(settings, monkeypatch, alias)


@pytest.fixture
def unreachable_s3(settings, monkeypatch):
    """The private storage on an endpoint where nothing listens: every call fails to connect."""
    return unreachable_store(settings, monkeypatch)


def bucket_keys() -> set[str]:
    listing = boto3.client("s3", region_name="us-east-1").list_objects_v2(Bucket=BUCKET)
    return {entry["Key"] for entry in listing.get("Contents", [])}
