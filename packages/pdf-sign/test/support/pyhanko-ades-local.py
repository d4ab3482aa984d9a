# pyHanko's AdES validation (ETSI EN 319 102-1, ades_lta_validation) of every signature in a PDF from
# the data embedded in it alone: no online fetching (RevinfoOnlineFetchingRule.LOCAL_ONLY), revocation
# required, the same freshness policy as `pyhanko sign adesverify`. Prints one JSON line per signature.
# Usage: python3 pyhanko-ades-local.py FILE.pdf ROOT.pem  (PYTHONPATH as ../shared/tools/pyhanko/pyhanko sets)
import asyncio
import json
import sys

from asn1crypto import pem, x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import DEFAULT_DIFF_POLICY
from pyhanko.sign.validation.ades import ades_lta_validation
from pyhanko.sign.validation.policy_decl import (
    PdfSignatureValidationSpec,
    RevinfoOnlineFetchingRule,
    RevocationInfoGatheringSpec,
    SignatureValidationSpec,
)
from pyhanko_certvalidator.context import CertValidationPolicySpec
from pyhanko_certvalidator.ltv.types import ValidationTimingInfo
from pyhanko_certvalidator.policy_decl import REQUIRE_REVINFO, CertRevTrustPolicy, FreshnessReqType
from pyhanko_certvalidator.registry import SimpleTrustManager

pdf_path, root_path = sys.argv[1], sys.argv[2]
with open(root_path, 'rb') as f:
    root = x509.Certificate.load(pem.unarmor(f.read())[2])
revinfo = CertRevTrustPolicy(
    REQUIRE_REVINFO, freshness=None, freshness_req_type=FreshnessReqType.MAX_DIFF_REVOCATION_VALIDATION
)
spec = PdfSignatureValidationSpec(
    signature_validation_spec=SignatureValidationSpec(
        cert_validation_policy=CertValidationPolicySpec(
            trust_manager=SimpleTrustManager.build(trust_roots=[root]), revinfo_policy=revinfo
        ),
        revinfo_gathering_policy=RevocationInfoGatheringSpec(
            online_fetching_rule=RevinfoOnlineFetchingRule.LOCAL_ONLY
        ),
    ),
    diff_policy=DEFAULT_DIFF_POLICY,
)
with open(pdf_path, 'rb') as f:
    reader = PdfFileReader(f)
    for sig in reader.embedded_regular_signatures:
        result = asyncio.run(ades_lta_validation(sig, spec, timing_info=ValidationTimingInfo.now()))
        print(json.dumps({'field': sig.field_name, 'indication': str(result.ades_subindic)}))
