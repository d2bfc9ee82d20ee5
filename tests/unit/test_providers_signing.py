"""Provider signatures checked against published vectors, so adapter and sandbox cannot share one mistake."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives import serialization

from infra.providers import rsa2
from infra.providers.oauth.sandbox import AlipaySandboxKeys, generate_sandbox_keys
from infra.providers.sms.aliyun import percent_encode, rpc_signature

# The worked example of Aliyun's SMS "HTTP protocol and signature" documentation.
SMS_DOC_EXAMPLE = {
    "AccessKeyId": "testId",
    "Action": "SendSms",
    "Format": "XML",
    "OutId": "123",
    "PhoneNumbers": "15300000001",
    "RegionId": "cn-hangzhou",
    "SignName": "阿里云短信测试专用",
    "SignatureMethod": "HMAC-SHA1",
    "SignatureNonce": "45e25e9b-0a6f-4070-8c85-2956eda1b466",
    "SignatureVersion": "1.0",
    "TemplateCode": "SMS_71390007",
    "TemplateParam": '{"customer":"test"}',
    "Timestamp": "2017-07-12T02:42:19Z",
    "Version": "2017-05-25",
}


@pytest.fixture(scope="session")
def keys() -> AlipaySandboxKeys:
    return generate_sandbox_keys()


def test_the_sms_signature_matches_aliyuns_documented_example() -> None:
    assert rpc_signature("GET", SMS_DOC_EXAMPLE, "testSecret") == "zJDF+Lrzhj/ThnlvIToysFRq6t4="


def test_the_rpc_signature_matches_aliyuns_describe_regions_example() -> None:
    params = {
        "Format": "XML",
        "AccessKeyId": "testid",
        "Action": "DescribeRegions",
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
        "SignatureVersion": "1.0",
        "Version": "2014-05-26",
        "Timestamp": "2016-02-23T12:46:24Z",
    }
    assert rpc_signature("GET", params, "testsecret") == "OLeaidS1JvxuMvnyHOwuJ+uX5qY="


def test_a_signature_already_in_the_parameters_is_not_signed_again() -> None:
    with_signature = {**SMS_DOC_EXAMPLE, "Signature": "anything"}
    assert rpc_signature("GET", with_signature, "testSecret") == "zJDF+Lrzhj/ThnlvIToysFRq6t4="


@pytest.mark.parametrize(
    ("text", "encoded"),
    [("a b", "a%20b"), ("*", "%2A"), ("~-_.", "~-_."), ("/=&+", "%2F%3D%26%2B"), ("派", "%E6%B4%BE")],
)
def test_percent_encoding_follows_aliyuns_rules(text: str, encoded: str) -> None:
    assert percent_encode(text) == encoded


def test_alipay_signs_sorted_non_empty_parameters_except_the_sign() -> None:
    params = {"method": "m", "app_id": "2021", "sign": "x", "biz_content": "", "charset": "utf-8"}
    assert rsa2.signing_content(params) == "app_id=2021&charset=utf-8&method=m"


def test_an_rsa2_signature_verifies_only_with_the_matching_key_and_content(keys: AlipaySandboxKeys) -> None:
    signature = rsa2.sign(rsa2.load_private_key(keys.app_private_key_pem), "a=1&b=2")

    assert rsa2.verify(rsa2.load_public_key(keys.app_public_key_pem), "a=1&b=2", signature)
    assert not rsa2.verify(rsa2.load_public_key(keys.app_public_key_pem), "a=1&b=3", signature)
    assert not rsa2.verify(rsa2.load_public_key(keys.alipay_public_key_pem), "a=1&b=2", signature)
    assert not rsa2.verify(rsa2.load_public_key(keys.app_public_key_pem), "a=1&b=2", "not base64!")


def test_keys_pasted_from_the_alipay_console_without_pem_armour_load(keys: AlipaySandboxKeys) -> None:
    private = rsa2.load_private_key(keys.app_private_key_pem)
    bare_private = base64.b64encode(
        private.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    ).decode()
    bare_public = "".join(keys.app_public_key_pem.strip().splitlines()[1:-1])

    signature = rsa2.sign(rsa2.load_private_key(bare_private), "x")

    assert rsa2.verify(rsa2.load_public_key(bare_public), "x", signature)


def test_the_signed_response_node_is_taken_as_the_exact_text_sent() -> None:
    text = '{ "alipay_x_response" : {"msg":"\\u6210\\u529f", "n": [1, {"a":"}"}]} ,"sign":"abc"}'

    nodes = rsa2.top_level_nodes(text)

    assert nodes == {"alipay_x_response": '{"msg":"\\u6210\\u529f", "n": [1, {"a":"}"}]}', "sign": '"abc"'}


def test_a_node_name_inside_a_value_is_not_mistaken_for_the_node() -> None:
    text = '{"error_response":{"msg":"\\"alipay_x_response\\":{}"},"sign":"s"}'

    assert "alipay_x_response" not in rsa2.top_level_nodes(text)
