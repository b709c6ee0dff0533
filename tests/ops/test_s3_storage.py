"""Kept files through STORAGES["private"] on S3 (elections/storage.py; issue 13, item 4), here against moto's
in-process S3: an import's upload waits in the bucket between preview and confirmation, a finished print run
is moved into it from the worker's disk, evidence is saved and read through the field's storage. (The test with
real processes and moto's server is tests/polling/test_scale_out.py.)"""
import boto3
import pytest
from django.core.files.base import ContentFile
from moto import mock_aws

from aftermath.storage import private_storage as evidence_storage
from elections import storage
from voters import importing

BUCKET = "rcem-test"


@pytest.fixture
def s3(settings, monkeypatch, tmp_path):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        options = {"bucket_name": BUCKET, "region_name": "us-east-1", "default_acl": "private",
                   "file_overwrite": False, "location": "private"}
        settings.STORAGES = {**settings.STORAGES,
                             "private": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}}
        settings.PRIVATE_MEDIA_ROOT = tmp_path / "spool"
        yield client


def keys(client):
    return sorted(o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def test_an_uploaded_spreadsheet_waits_in_the_bucket_for_its_confirmation(s3, clerk_a, community_a, clerk_b,
                                                                         community_b):
    token = importing.upload_store(data=b"PK\x03\x04 xlsx", filename="居民.xlsx", user=clerk_a,
                                   community=community_a)
    assert keys(s3) == [f"private/imports/{token}.bin", f"private/imports/{token}.json"]
    assert importing.upload_load(token, user=clerk_a, community=community_a) == (b"PK\x03\x04 xlsx", "居民.xlsx")
    assert importing.upload_load(token, user=clerk_b, community=community_b) is None  # another's: nothing
    importing.upload_discard(token)
    assert keys(s3) == [] and importing.upload_load(token, user=clerk_a, community=community_a) is None


def test_a_finished_file_moves_from_the_workers_disk_into_the_bucket_replacing_an_earlier_one(s3, settings):
    assert not storage.is_local()
    local = settings.PRIVATE_MEDIA_ROOT / "ballots" / "C1" / "run.pdf"
    for content in (b"%PDF first", b"%PDF again"):
        local.parent.mkdir(parents=True, exist_ok=True)
        local.write_bytes(content)
        assert storage.keep("ballots/C1/run.pdf", local) == "ballots/C1/run.pdf"
        assert not local.exists()
    assert keys(s3) == ["private/ballots/C1/run.pdf"]
    assert storage.private_storage().open("ballots/C1/run.pdf").read() == b"%PDF again"


def test_evidence_goes_through_the_fields_storage_to_the_bucket(s3):
    name = evidence_storage.save("complaints/e1/c1/photo.jpg", ContentFile(b"\xff\xd8 jpeg"))
    assert keys(s3) == [f"private/{name}"] and evidence_storage.exists(name)
    assert evidence_storage.open(name).read() == b"\xff\xd8 jpeg" and evidence_storage.size(name) == 7
    with pytest.raises(ValueError, match="no public URL"):
        evidence_storage.url(name)


def test_the_local_default_keeps_files_where_they_were_written(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    assert storage.is_local()
    (tmp_path / "ballots").mkdir()
    (tmp_path / "ballots" / "x.pdf").write_bytes(b"%PDF")
    assert storage.keep("ballots/x.pdf", tmp_path / "ballots" / "x.pdf") == "ballots/x.pdf"
    assert (tmp_path / "ballots" / "x.pdf").read_bytes() == b"%PDF"
