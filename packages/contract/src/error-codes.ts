// The one table of API error codes: HTTP status and a zh/en message that says how to fix it.
// Callers match on `code`, never on message text (STYLE 2).

/** A message may hold `{wait}`: the time until a refusal lifts, filled in words by the server. */
export interface ErrorCodeEntry {
  status: number;
  en: string;
  zh: string;
}

export const ERROR_CODES = {
  ERR_VALIDATION: {
    status: 400,
    en: 'The request does not match the API schema; correct the fields named in the details.',
    zh: '请求不符合接口定义，请按详情修正所列字段。',
  },
  ERR_BAD_REQUEST: {
    status: 400,
    en: 'The request body could not be read (malformed JSON or an empty body); send a valid body.',
    zh: '无法读取请求内容（JSON 格式错误或内容为空），请发送有效内容。',
  },
  ERR_PAYLOAD_TOO_LARGE: {
    status: 413,
    en: 'The upload is larger than this endpoint accepts; send a smaller file.',
    zh: '上传内容超过该接口允许的大小，请发送更小的文件。',
  },
  ERR_UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    en: 'This content type is not accepted here; send application/json.',
    zh: '不接受该内容类型，请使用 application/json。',
  },
  ERR_NOT_FOUND: {
    status: 404,
    en: 'No such resource; check the address.',
    zh: '资源不存在，请检查地址。',
  },
  ERR_DB_UNAVAILABLE: {
    status: 503,
    en: 'The database cannot be reached; check DATABASE_URL and that the database is running.',
    zh: '无法连接数据库，请检查 DATABASE_URL 及数据库是否在运行。',
  },
  ERR_TSA_UNAVAILABLE: {
    status: 503,
    en: 'The time-stamping authority is not configured or failed; check the PKI set-up.',
    zh: '时间戳服务未配置或失败，请检查 PKI 配置。',
  },
  ERR_AUDIT_KEY_MISSING: {
    status: 503,
    en: 'The audit log is keyed, but this process has no key-encryption key; set OPENSEAL_KEK or give it the data directory holding kek.key.',
    zh: '审计日志已使用密钥链接，但本进程没有密钥加密密钥（KEK）；请设置 OPENSEAL_KEK 或提供存有 kek.key 的数据目录。',
  },
  ERR_AUDIT_NOT_KEYED: {
    status: 503,
    en: 'The audit log has entries without a keyed link although its checkpoints say it was keyed, or it was not keyed at start; run `openseal audit verify` and restore the database from a backup if it reports tampering.',
    zh: '审计日志存在未经密钥链接的记录（检查点显示该日志曾已链接，或启动时未完成链接）；请运行 `openseal audit verify`，如报告篡改请从备份恢复数据库。',
  },
  ERR_UNAUTHENTICATED: {
    status: 401,
    en: 'Sign in first; the session is missing or has expired.',
    zh: '请先登录；会话不存在或已过期。',
  },
  ERR_INVALID_CREDENTIALS: {
    status: 401,
    en: 'Wrong username or password; after 5 failures from this device, sign-in pauses for 15 minutes.',
    zh: '用户名或密码错误；在同一设备上连续失败 5 次后需等待 15 分钟。',
  },
  ERR_ACCOUNT_LOCKED: {
    status: 423,
    en: 'This account is locked after many failed sign-ins from several places; try again in {wait}, or ask the security admin.',
    zh: '该账户在多处多次登录失败，已被锁定，请 {wait}后再试，或联系安全管理员。',
  },
  ERR_SIGN_IN_LIMITED: {
    status: 429,
    en: 'Too many failed sign-ins to this account from this device; try again in {wait}.',
    zh: '该账户在此设备上登录失败次数过多，请 {wait}后再试。',
  },
  ERR_TOTP_REQUIRED: {
    status: 401,
    en: 'This account uses a second factor; send the 6-digit code from the authenticator app as totpCode.',
    zh: '该账户已启用二次验证，请同时提交身份验证器中的 6 位动态码（totpCode）。',
  },
  ERR_TOTP_ENROLMENT_REQUIRED: {
    status: 403,
    en: 'Your role requires a second factor; set up an authenticator app on the page shown after sign-in.',
    zh: '您的角色要求二次验证，请在登录后显示的页面中绑定身份验证器。',
  },
  ERR_TOTP_REENROL_PROOF: {
    status: 403,
    en: 'An authenticator is already set up; to replace it, enter your current password and a current code from it (or ask the system admin for a reset).',
    zh: '已绑定身份验证器；如需更换，请输入当前密码和当前动态码（或请系统管理员重置）。',
  },
  ERR_RECOVERY_CODE_INVALID: {
    status: 401,
    en: 'This recovery code is wrong or has already been used; each code works once. Use another one or the authenticator app.',
    zh: '恢复码错误或已使用过（每个恢复码只能用一次），请换一个恢复码或使用身份验证器。',
  },
  ERR_PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    en: 'Your password was reset; choose a new password before continuing.',
    zh: '您的密码已被重置，请先设置新密码再继续。',
  },
  ERR_SESSION_SCOPED: {
    status: 403,
    en: 'This phone was signed in by a QR code to sign one contract only; sign in with your account to do anything else.',
    zh: '本机通过二维码登录，仅可签署该份合同；如需其他操作，请用您的账户登录。',
  },
  ERR_HANDOFF_INVALID: {
    status: 410,
    en: 'This QR code has expired or was already used; on the computer, show a new QR code and scan it again.',
    zh: '该二维码已过期或已被使用；请在电脑上重新生成二维码后再扫码。',
  },
  ERR_PASSWORD_RESET_EXPIRED: {
    status: 401,
    en: 'The one-time reset code has expired; ask the system admin for a new reset.',
    zh: '一次性重置码已过期，请联系系统管理员重新重置。',
  },
  ERR_PASSWORD_RESET_NO_UNIT_HEAD: {
    status: 409,
    en: "Nobody can hand over the reset code: the user's unit and the units above it have no unit head (unit leader role). Ask the security admin to assign one first.",
    zh: '无人可转交重置码：该用户所在单位及上级单位均无负责人（部门负责人角色），请先由安全管理员指定。',
  },
  ERR_PASSWORD_WRONG: {
    status: 400,
    en: 'The current password is wrong; enter the password you signed in with.',
    zh: '当前密码错误，请输入您登录时使用的密码。',
  },
  ERR_PASSWORD_REUSED: {
    status: 400,
    en: 'The new password must differ from the current one; choose another.',
    zh: '新密码不能与当前密码相同，请另行设置。',
  },
  ERR_TOTP_INVALID: {
    status: 400,
    en: 'The authenticator code is wrong or expired; check the device clock and enter the current code.',
    zh: '动态码错误或已过期，请校准设备时间后输入当前动态码。',
  },
  ERR_RATE_LIMITED: {
    status: 429,
    en: 'Too many attempts from this address; wait the seconds the Retry-After header names before trying again.',
    zh: '操作过于频繁，请按 Retry-After 所示的秒数稍候再试。',
  },
  ERR_CSRF: {
    status: 403,
    en: 'Missing or wrong x-csrf-token header; send the token returned at sign-in.',
    zh: '缺少或错误的 x-csrf-token 请求头，请使用登录时返回的令牌。',
  },
  ERR_FORBIDDEN: {
    status: 403,
    en: 'None of your roles grants this action; ask the security admin for the needed role.',
    zh: '您的角色无权执行此操作，请联系安全管理员授予相应角色。',
  },
  ERR_FORBIDDEN_SCOPE: {
    status: 403,
    en: 'Your role does not cover this organisational unit; act within your own unit or ask for a grant there.',
    zh: '您的角色不覆盖该组织单位，请在本单位范围内操作或申请该单位的授权。',
  },
  ERR_ROLE_CONFLICT: {
    status: 409,
    en: 'This role is mutually exclusive with a role the user already holds (separation of duties); revoke that one first.',
    zh: '该角色与用户已有角色互斥（三员分立），请先撤销原角色。',
  },
  ERR_SECURITY_ROLE_SEPARATION: {
    status: 409,
    en: 'One person cannot hold a security role (system admin, security admin, security auditor) together with a business role, at any unit; use a separate account or revoke the other role first.',
    zh: '三员（系统管理员、安全管理员、安全审计员）不得同时担任任何业务角色（任何单位均不可），请使用单独账户或先撤销另一角色。',
  },
  ERR_USERNAME_TAKEN: {
    status: 409,
    en: 'That username is already in use; choose another.',
    zh: '用户名已被占用，请更换。',
  },
  ERR_SEAL_SUSPENDED: {
    status: 409,
    en: 'The seal is suspended; ask its seal admin to resume it before stamping.',
    zh: '印章已暂停使用，请联系印章管理员恢复后再用印。',
  },
  ERR_SEAL_INACTIVE: {
    status: 409,
    en: 'The seal is revoked or destroyed and can no longer be used or changed; use another seal.',
    zh: '印章已吊销或销毁，不能再使用或变更，请改用其他印章。',
  },
  ERR_SEAL_STATE: {
    status: 409,
    en: 'The seal is not in a state that allows this change; reload it and check its status.',
    zh: '印章当前状态不允许此变更，请刷新后查看其状态。',
  },
  ERR_SEAL_PHYSICAL: {
    status: 409,
    en: 'A physical seal has no electronic key and cannot stamp files; choose an electronic seal.',
    zh: '实物印章没有电子密钥，不能用于电子用印，请选择电子印章。',
  },
  ERR_SEAL_NOT_GRANTED: {
    status: 403,
    en: 'You hold no current grant to use this seal; ask its seal admin for one.',
    zh: '您没有该印章的有效使用授权，请向印章管理员申请。',
  },
  ERR_SEAL_DOCUMENT_INVALID: {
    status: 400,
    en: 'The file is not a PDF that can be sealed, or the placement does not fit it; check the file, page and keyword.',
    zh: '文件不是可盖章的 PDF，或盖章位置与文件不符，请检查文件、页码和关键字。',
  },
  ERR_PDF_ACTIVE_CONTENT: {
    status: 400,
    en: 'The PDF holds active content (a script, a launch action, an attached file or an XFA form; see the details), which a seal must not vouch for. Print it to a plain PDF, or remove the attachments, and upload it again.',
    zh: 'PDF 含有活动内容（脚本、启动外部程序的动作、附件或 XFA 表单，见详情），不能加盖印章。请将其打印为普通 PDF 或删除附件后重新上传。',
  },
  ERR_SEAL_DOCUMENT_TOO_LARGE: {
    status: 413,
    en: 'The PDF is larger than 20 MB; compress or split it.',
    zh: 'PDF 超过 20 MB，请压缩或拆分后再试。',
  },
  ERR_SEAL_MEDIA_TYPE: {
    status: 415,
    en: 'Send the PDF itself as the request body with Content-Type: application/pdf; documentType, purpose and the placement go in the query string.',
    zh: '请以 PDF 文件本身作为请求内容，并设置 Content-Type: application/pdf；文件类型、用途和盖章位置放在查询参数中。',
  },
  ERR_SEAL_PLACEMENT_QUERY: {
    status: 400,
    en: 'Say where the seal goes in the query string: placement=page with page, x and y; placement=keyword with keyword (and optionally occurrence=first or last); or placement=cross-page (optionally y). Leave out the fields of other kinds; the details name what is wrong.',
    zh: '请在查询参数中指明盖章位置：placement=page 并给出 page、x、y；placement=keyword 并给出 keyword（可选 occurrence=first 或 last）；或 placement=cross-page（可选 y）。不要附带其他方式的参数，详情中列出了具体问题。',
  },
  ERR_STAMP_MEDIA_TYPE: {
    status: 415,
    en: 'Send no body to stamp the approved file, or your copy of it as the request body with Content-Type: application/pdf.',
    zh: '如需对审批通过的文件盖章，请不要附带请求内容；如提交自己的副本，请以 PDF 文件本身作为请求内容，并设置 Content-Type: application/pdf。',
  },
  ERR_SEAL_DOCUMENT_TYPE: {
    status: 403,
    en: 'Your grant for this seal does not cover this document type; ask its seal admin to extend it.',
    zh: '您对该印章的授权不包含此文件类型，请向印章管理员申请扩大授权。',
  },
  ERR_SEAL_QUOTA_EXHAUSTED: {
    status: 409,
    en: 'Your grant for this seal has no uses left; ask its seal admin for a new grant.',
    zh: '您对该印章的授权次数已用完，请向印章管理员重新申请授权。',
  },
  ERR_SEAL_IMAGE_INVALID: {
    status: 400,
    en: 'The seal image is not a readable PNG or SVG (at most 2 MB, 4000 pixels a side); upload another image.',
    zh: '印章图片不是可读取的 PNG 或 SVG（不超过 2 MB，每边不超过 4000 像素），请重新上传。',
  },
  ERR_SCHOOL_LOGO_INVALID: {
    status: 400,
    en: 'The logo must be a PNG or an SVG of at most 256 KB, without scripts; upload another file.',
    zh: '学校标志须为不超过 256 KB 的 PNG 或 SVG 文件，且不含脚本，请重新上传。',
  },
  ERR_WEBHOOK_URL_INVALID: {
    status: 400,
    en: 'The webhook address must be an http or https URL with a host and without a user name or password; correct it.',
    zh: 'Webhook 地址须为含主机名的 http 或 https 网址，且不含用户名或密码，请修改。',
  },
  ERR_PKCS12_INVALID: {
    status: 400,
    en: 'The PKCS#12 file could not be opened: wrong password, or it holds no single private key with its certificate.',
    zh: '无法打开 PKCS#12 文件：密码错误，或文件中没有唯一的私钥及其证书。',
  },
  ERR_PKCS12_CERTIFICATE: {
    status: 400,
    en: 'The certificate in the PKCS#12 file cannot seal documents (expired, not yet valid, or without the digital-signature key usage).',
    zh: 'PKCS#12 文件中的证书不能用于盖章（已过期、尚未生效或不含数字签名用途）。',
  },
  ERR_SEAL_KEY_ALGORITHM: {
    status: 400,
    en: 'SM2 keys (SM2 or ECDSA + SM2 dual seals) cannot be generated in the hardware key store (PKCS#11); choose ECDSA P-256 for a token key, or the software store for an SM2 or dual key.',
    zh: '硬件密钥库（PKCS#11）不能生成 SM2 密钥（SM2 章或 ECDSA + SM2 双算法章）；令牌密钥请选择 ECDSA P-256，SM2 或双算法密钥请选择软件密钥库。',
  },
  ERR_HSM_UNAVAILABLE: {
    status: 503,
    en: 'The hardware key store (PKCS#11) is not configured or not reachable; set OPENSEAL_PKCS11_MODULE, _TOKEN and _PIN and check the token.',
    zh: '硬件密钥库（PKCS#11）未配置或无法访问，请设置 OPENSEAL_PKCS11_MODULE、_TOKEN、_PIN 并检查令牌。',
  },
  ERR_FLOW_STATE: {
    status: 409,
    en: 'The request is not in a state that allows this action (it may be decided, withdrawn or returned); reload it.',
    zh: '申请当前状态不允许此操作（可能已审结、撤回或退回），请刷新后查看。',
  },
  ERR_FLOW_NOT_APPROVER: {
    status: 403,
    en: 'You are not an approver of the current step of this request.',
    zh: '您不是该申请当前环节的审批人。',
  },
  ERR_FLOW_ALREADY_ACTED: {
    status: 409,
    en: 'You have already decided this step.',
    zh: '您已处理过该环节。',
  },
  ERR_FLOW_SELF_APPROVAL: {
    status: 403,
    en: 'Nobody may approve their own request, not even as a delegate.',
    zh: '任何人不得审批自己提交的申请（包括代理审批）。',
  },
  ERR_FLOW_NOT_REQUESTER: {
    status: 403,
    en: 'Only the requester may withdraw or resubmit this request.',
    zh: '只有申请人可以撤回或重新提交该申请。',
  },
  ERR_FLOW_COMMENT_REQUIRED: {
    status: 400,
    en: 'Say why: rejecting or returning a request needs a comment.',
    zh: '驳回或退回申请时请填写意见。',
  },
  ERR_FLOW_STEP_REQUIRED: {
    status: 400,
    en: 'You approve several steps of this stage; name the step you are deciding.',
    zh: '您同时是本阶段多个环节的审批人，请指明处理的环节。',
  },
  ERR_FLOW_NO_APPROVER: {
    status: 409,
    en: 'A step of the approval flow names nobody for this request (no holder of the role in the unit or above); ask the seal office to fix the flow or the roles.',
    zh: '审批流程的某个环节找不到审批人（本单位及上级均无该角色），请联系印章管理部门调整流程或角色。',
  },
  ERR_FLOW_NOT_DELEGATE: {
    status: 403,
    en: 'That approver has not delegated to you for this time.',
    zh: '该审批人在此期间未委托您代为审批。',
  },
  ERR_FLOW_INVALID: {
    status: 400,
    en: 'The approval flow is not valid; correct the problems listed in the details.',
    zh: '审批流程设置有误，请按详情修正。',
  },
  ERR_REQUEST_CONFLICT: {
    status: 409,
    en: 'Someone else acted on this request at the same moment; reload it and try again.',
    zh: '该申请刚被他人处理，请刷新后重试。',
  },
  ERR_REQUEST_FILE_INVALID: {
    status: 400,
    en: 'The file must be a readable PDF, or a Word, Excel or OpenDocument file that converts to PDF.',
    zh: '文件须为可读取的 PDF，或可转换为 PDF 的 Word、Excel、OpenDocument 文件。',
  },
  ERR_CONVERTER_UNAVAILABLE: {
    status: 503,
    en: 'Word and Excel files need LibreOffice on the server (apt install libreoffice-writer-nogui libreoffice-calc-nogui); upload a PDF meanwhile.',
    zh: '服务器需安装 LibreOffice 才能转换 Word、Excel 文件（apt install libreoffice-writer-nogui libreoffice-calc-nogui），目前请上传 PDF。',
  },
  ERR_REQUEST_FILE_MISMATCH: {
    status: 409,
    en: 'This file is not the file that was approved; only the approved file can be stamped. The attempt was reported.',
    zh: '该文件与审批通过的文件不一致，只能对审批通过的文件盖章。此次操作已上报风险预警。',
  },
  ERR_UPLOAD_MEDIA_TYPE: {
    status: 415,
    en: 'Upload a PDF, Word, Excel or OpenDocument file, a PNG or SVG image, or a PKCS#12 (.p12/.pfx) file, sent as the body with its Content-Type.',
    zh: '请上传 PDF、Word、Excel、OpenDocument 文件，PNG 或 SVG 图片，或 PKCS#12（.p12/.pfx）文件，以文件本身作为请求内容并注明其 Content-Type。',
  },
  ERR_UPLOAD_NOT_FOUND: {
    status: 400,
    en: 'The uploaded file is no longer there (uploads are kept for an hour and used once); upload it again.',
    zh: '上传的文件已不存在（上传文件保留一小时且只能使用一次），请重新上传。',
  },
  ERR_UPLOAD_WRONG_TYPE: {
    status: 400,
    en: 'This field takes another kind of file: a request takes a PDF, Word, Excel or OpenDocument file, a seal image a PNG or SVG, a seal key a PKCS#12 file.',
    zh: '此处需要其他类型的文件：申请附件须为 PDF、Word、Excel 或 OpenDocument 文件，印章图片须为 PNG 或 SVG，印章密钥须为 PKCS#12 文件。',
  },
  ERR_UPLOAD_QUOTA: {
    status: 429,
    en: 'You have 100 MB of files waiting to be used; submit or finish those requests first, or wait an hour for unused files to expire.',
    zh: '您已有 100 MB 待使用的上传文件；请先提交或完成相关申请，未使用的文件一小时后自动清除。',
  },
  ERR_UPLOAD_TOO_LARGE: {
    status: 400,
    en: 'The uploaded file is larger than this field takes (a seal image 2 MB, a PKCS#12 file 64 KB); upload a smaller one.',
    zh: '上传的文件超过此处允许的大小（印章图片 2 MB，PKCS#12 文件 64 KB），请上传更小的文件。',
  },
  ERR_SEALED_FILE_NOT_KEPT: {
    status: 410,
    en: 'This sealed copy was made before OpenSeal kept sealed files, so it cannot be downloaded again; ask the requester for the copy they downloaded.',
    zh: '该盖章文件生成于系统保存盖章文件之前，无法再次下载；请向申请人索取其当时下载的文件。',
  },
  ERR_REQUEST_COPIES_USED: {
    status: 409,
    en: 'Every approved copy of this request has been stamped; submit a new request for more.',
    zh: '该申请批准的份数已全部盖章，如需更多请重新申请。',
  },
  ERR_VERIFY_DOCUMENT_INVALID: {
    status: 400,
    en: 'The file is not a readable PDF (not a PDF, cut short, damaged or encrypted); upload the PDF exactly as you received it.',
    zh: '该文件不是可读取的 PDF（不是 PDF、不完整、已损坏或已加密），请上传收到的原始 PDF 文件。',
  },
  ERR_VERIFY_MEDIA_TYPE: {
    status: 415,
    en: 'Send the PDF itself as the request body with Content-Type: application/pdf.',
    zh: '请以 PDF 文件本身作为请求内容，并设置 Content-Type: application/pdf。',
  },
  ERR_PUBLIC_URL_UNREACHABLE: {
    status: 503,
    en: 'Credentials are not issued yet: OPENSEAL_PUBLIC_URL is not set or names this machine only (localhost), so the address and QR code printed on them could not be opened by anyone else. Ask the administrator to set OPENSEAL_PUBLIC_URL to the address readers use (e.g. https://verify.example.edu.cn) and restart the server.',
    zh: '暂不能开具凭证：未设置 OPENSEAL_PUBLIC_URL，或其指向本机（localhost），凭证上印的网址和二维码他人无法打开。请管理员将 OPENSEAL_PUBLIC_URL 设为外部可访问的地址（如 https://verify.example.edu.cn）后重启服务器。',
  },
  ERR_PKI_UNAVAILABLE: {
    status: 503,
    en: 'Seal keys need the built-in PKI and its time-stamping authority; start the server with the PKI loaded.',
    zh: '印章密钥需要内置 PKI 及时间戳服务，请在加载 PKI 后启动服务器。',
  },
  ERR_RISK_BLOCKED: {
    status: 409,
    en: 'A risk-control rule blocks this action (see the details for which); ask the security admin to review the alert.',
    zh: '该操作被风险控制规则拦截（详情中列出规则），请联系安全管理员核查相应预警。',
  },
  ERR_RISK_ALERT_STATE: {
    status: 409,
    en: 'The alert is not in a state that allows this (a resolved alert is closed); reload it and check its status.',
    zh: '预警当前状态不允许此操作（已处置的预警已关闭），请刷新后查看其状态。',
  },
  ERR_RISK_RULE_PARAMS: {
    status: 400,
    en: "The parameters do not fit this risk rule; send the fields the rule's schema lists (GET /api/risk/rules shows the current ones).",
    zh: '参数与该风险规则不符，请按规则定义提交字段（GET /api/risk/rules 可查看当前参数）。',
  },
  ERR_RISK_WORD_EXISTS: {
    status: 409,
    en: 'That sensitive word is already on the list.',
    zh: '该敏感词已在词库中。',
  },
  ERR_TEMPLATE_INVALID: {
    status: 400,
    en: 'The credential template cannot be used (see the details for which element and why); correct it in the designer and save again.',
    zh: '凭证模板无法使用（详情中列出出错的元素及原因），请在模板设计器中修正后重新保存。',
  },
  ERR_TEMPLATE_INPUT: {
    status: 400,
    en: 'The record does not fit the template (see the details for which field); correct the record or the template field.',
    zh: '数据与模板不匹配（详情中列出字段），请修正数据或模板字段。',
  },
  ERR_TEMPLATE_GLYPH: {
    status: 400,
    en: 'The text contains a character the template font cannot print (see the details); replace the character or choose another font.',
    zh: '文本中含有模板字体无法显示的字符（见详情），请替换该字符或更换字体。',
  },
  ERR_TEMPLATE_SCHEMA_INVALID: {
    status: 400,
    en: 'The data schema is not a valid JSON Schema for an object (see the details); fix it and save again.',
    zh: '数据结构定义不是有效的对象型 JSON Schema（见详情），请修正后重新保存。',
  },
  ERR_TEMPLATE_SEAL: {
    status: 400,
    en: "A seal named in the template cannot be used (missing, physical, not active, or not matching the template's seal slots; see the details); choose an active electronic seal for each slot.",
    zh: '模板所选印章不可用（不存在、为实物章、未启用或与模板盖章位置不对应，见详情），请为每个盖章位置选择已启用的电子印章。',
  },
  ERR_TEMPLATE_CODE_TAKEN: {
    status: 409,
    en: 'Another credential template already uses this code; choose a different code.',
    zh: '已有凭证模板使用该编码，请换一个编码。',
  },
  ERR_TEMPLATE_CODE_CHANGED: {
    status: 409,
    en: "A template's code cannot change (records and issued credentials refer to it); create a new template instead.",
    zh: '模板编码不可修改（数据与已出具的凭证引用该编码），如需新编码请新建模板。',
  },
  ERR_RECORD_TYPE_UNKNOWN: {
    status: 404,
    en: 'No active credential template has this type code; check the code in the URL or ask the template admin to activate it.',
    zh: '没有使用该类型编码的已启用凭证模板，请检查地址中的编码或联系模板管理员启用。',
  },
  ERR_RECORD_INVALID: {
    status: 400,
    en: "The record does not match the credential type's data schema (see the details for each field); correct the data and send it again. Nothing was stored.",
    zh: '数据不符合该凭证类型的数据结构（详情中逐项列出字段），请修正后重新提交；本次未保存任何数据。',
  },
  ERR_IMPORT_MEDIA_TYPE: {
    status: 415,
    en: 'Send the import file as text/csv (UTF-8) or as an .xlsx workbook (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet).',
    zh: '导入文件请以 text/csv（UTF-8 编码）或 .xlsx 工作簿（application/vnd.openxmlformats-officedocument.spreadsheetml.sheet）格式上传。',
  },
  ERR_IMPORT_FILE_TOO_LARGE: {
    status: 413,
    en: 'The import file has more than 100,000 rows, or its workbook unpacks to more than 100 MB; split it into smaller files and import them one by one.',
    zh: '导入文件超过 100,000 行，或工作簿解压后超过 100 MB，请拆分为多个较小的文件逐个导入。',
  },
  ERR_IMPORT_FILE_INVALID: {
    status: 400,
    en: 'The import file cannot be read (see the details); save it again as UTF-8 CSV or .xlsx with a header row and upload it.',
    zh: '无法读取导入文件（见详情），请另存为带表头的 UTF-8 CSV 或 .xlsx 后重新上传。',
  },
  ERR_SERVICE_KEY_REQUIRED: {
    status: 401,
    en: 'The service API takes a service account key only: send "Authorization: Bearer <key>" with the key of an active service account (a console session is not accepted here).',
    zh: '签章服务接口只接受服务账号密钥：请在请求头中发送 "Authorization: Bearer <密钥>"，并使用已生效服务账号的密钥（控制台登录会话不能调用此接口）。',
  },
  ERR_SERVICE_ACCOUNT_INACTIVE: {
    status: 403,
    en: "This service account is not active (waiting for the security admin's approval, suspended or revoked); ask the seal office.",
    zh: '该服务账号未生效（等待安全保密管理员审批、已暂停或已吊销），请联系用印管理部门。',
  },
  ERR_SERVICE_SCOPE_OPERATION: {
    status: 403,
    en: "This service account's scope does not include this operation; ask the seal office to add it.",
    zh: '该服务账号的授权范围不包含此操作，请联系用印管理部门添加。',
  },
  ERR_SERVICE_SCOPE_SEAL: {
    status: 403,
    en: "This service account's scope does not include this seal; use a seal in its scope or ask the seal office to add it.",
    zh: '该服务账号的授权范围不包含此印章，请使用范围内的印章，或联系用印管理部门添加。',
  },
  ERR_SERVICE_SCOPE_TYPE: {
    status: 403,
    en: "This service account's scope does not include this credential type; ask the seal office to add it.",
    zh: '该服务账号的授权范围不包含此凭证类型，请联系用印管理部门添加。',
  },
  ERR_SERVICE_IP_NOT_ALLOWED: {
    status: 403,
    en: 'Calls with this service account are not allowed from this address; call from an address on its IP allow list or ask the seal office to add it.',
    zh: '该服务账号不允许从此地址调用，请从 IP 白名单内的地址调用，或联系用印管理部门添加。',
  },
  ERR_SERVICE_RATE_LIMITED: {
    status: 429,
    en: 'This service account is over its rate limit (requests per minute); wait the seconds the Retry-After header names.',
    zh: '该服务账号超出调用频率限制（每分钟请求数），请按 Retry-After 所示的秒数稍候再试。',
  },
  ERR_SERVICE_ACCOUNT_STATE: {
    status: 409,
    en: 'The service account is not in a state that allows this change (e.g. only a pending account can be approved); reload and try again.',
    zh: '服务账号当前状态不允许此操作（如仅待审批的账号可审批），请刷新后重试。',
  },
  ERR_SERVICE_ACCOUNT_SELF_APPROVAL: {
    status: 403,
    en: 'The person who created or resumed a service account cannot approve it; another security admin must decide.',
    zh: '服务账号的创建人或恢复人不能审批该账号，须由另一位安全保密管理员审批。',
  },
  ERR_SERVICE_ACCOUNT_NAME_TAKEN: {
    status: 409,
    en: 'A service account or user with this name exists; choose another name.',
    zh: '已存在同名的服务账号或用户，请换一个名称。',
  },
  ERR_SERVICE_ACCOUNT_SEAL_OUTSIDE: {
    status: 403,
    en: "A seal in the scope is not owned by the account's unit or a unit below it; choose seals of that part of the org tree.",
    zh: '授权范围中的印章不属于该账号所在单位及其下级单位，请选择该范围内的印章。',
  },
  ERR_SERVICE_BATCH_STATE: {
    status: 409,
    en: 'The batch is not in a state that allows this (files are added to an open batch; results are read once it is completed).',
    zh: '批次当前状态不允许此操作（仅可向未开始的批次添加文件；批次完成后方可下载结果）。',
  },
  ERR_SERVICE_BATCH_FULL: {
    status: 409,
    en: 'The batch holds the most files one batch takes; start it and open another.',
    zh: '该批次文件数已达上限，请先开始该批次，再新建批次。',
  },
  ERR_SERVICE_BATCH_EMPTY: {
    status: 409,
    en: 'The batch has no files; add files before starting it.',
    zh: '该批次没有文件，请先添加文件再开始。',
  },
  ERR_API_KEY_INVALID: {
    status: 401,
    en: 'The API key is missing, wrong or revoked; send "Authorization: Bearer <key>" with a key from an active data source.',
    zh: 'API 密钥缺失、错误或已吊销，请在请求头中发送 "Authorization: Bearer <密钥>"，并使用有效数据源的密钥。',
  },
  ERR_CREDENTIAL_NOT_FOUND: {
    status: 404,
    en: 'No credential matches this id and verification code; check the code printed beside the QR code on the document.',
    zh: '未找到与该编号及验证码对应的凭证，请核对文件二维码旁印制的验证码。',
  },
  ERR_CREDENTIAL_SEAL_UNAVAILABLE: {
    status: 409,
    en: 'A seal this credential type uses is not an active electronic seal; ask the seal office to restore it or the template admin to choose another seal.',
    zh: '该凭证类型所用印章不是有效的电子印章，请联系印章管理部门恢复印章，或由模板管理员改选印章。',
  },
  ERR_CREDENTIAL_TEMPLATE_INACTIVE: {
    status: 409,
    en: 'This credential type is not active; ask the template admin to activate it.',
    zh: '该凭证类型未启用，请联系模板管理员启用。',
  },
  ERR_CREDENTIAL_RENDER_FAILED: {
    status: 422,
    en: 'The credential could not be produced from the template and the record (see the details); ask the template admin to check the template or the data.',
    zh: '无法根据模板和数据生成凭证（详见详情），请联系模板管理员检查模板或数据。',
  },
  ERR_CREDENTIAL_ALREADY_REVOKED: {
    status: 409,
    en: 'This credential was already revoked; reload it to see when and why.',
    zh: '该凭证已被撤销，请刷新查看撤销时间和原因。',
  },
  ERR_CREDENTIAL_ID_COLLISION: {
    status: 503,
    en: 'A newly drawn credential number was already taken (very rare); send the request again.',
    zh: '新生成的凭证编号恰好已被占用（极少发生），请重新提交。',
  },
  ERR_PORTAL_QUOTA: {
    status: 429,
    en: 'You have reached the number of these credentials you can get today; download the ones already issued under "My credentials", or try again tomorrow.',
    zh: '今日此类凭证的开具次数已达上限，请在“我的凭证”中下载已开具的凭证，或明日再试。',
  },
  ERR_PORTAL_NO_RECORD: {
    status: 404,
    en: 'The academic or HR office has sent no data for you for this credential type; ask them to send it.',
    zh: '教务或人事部门尚未提供您此类凭证的数据，请联系相应部门。',
  },
  ERR_JOB_SELECTION: {
    status: 400,
    en: 'Say whom the batch is for: give a cohort, a list of subjects, or both.',
    zh: '请指定批量签发的对象：填写届别（cohort）、学工号列表，或两者都填。',
  },
  ERR_JOB_ALREADY_ISSUED: {
    status: 409,
    en: 'Some of these people already hold a current credential of this type; confirm to issue it to them again.',
    zh: '所选人员中有人已开具过该凭证，确认后才会重新开具。',
  },
  ERR_JOB_EMPTY: {
    status: 400,
    en: 'No record of this credential type matches the cohort or subjects given; import or push the records first, or check the selection.',
    zh: '没有符合所选届别或学工号的该类凭证数据；请先导入或推送数据，或检查筛选条件。',
  },
  ERR_JOB_SUBJECTS_UNKNOWN: {
    status: 400,
    en: 'Some subjects have no record of this credential type (listed in the details); remove them or import their records first.',
    zh: '部分学工号没有该类凭证数据（见详情），请删去这些学工号或先导入其数据。',
  },
  ERR_JOB_STATE: {
    status: 409,
    en: 'The batch job is not in a state that allows this (only a running job can be paused, only a paused job resumed).',
    zh: '批量任务当前状态不允许此操作（只能暂停运行中的任务，只能恢复已暂停的任务）。',
  },
  ERR_STORED_FILE_CORRUPT: {
    status: 500,
    en: 'A stored file failed its integrity check (altered on disk, or encrypted under another key) and was not served; ask the system administrator to restore it from a backup, quoting the request id.',
    zh: '存储的文件未通过完整性校验（磁盘上被改动，或由其他密钥加密），已拒绝提供；请联系系统管理员从备份恢复，并提供请求编号。',
  },
  ERR_SSO_PROVIDER_UNKNOWN: {
    status: 404,
    en: 'This single sign-on provider is not configured or is disabled; sign in with your password or ask the system administrator.',
    zh: '该统一身份认证方式未配置或已停用；请使用密码登录，或联系系统管理员。',
  },
  ERR_SSO_STATE_INVALID: {
    status: 400,
    en: 'The single sign-on attempt expired or was started in another browser; start again from the sign-in page.',
    zh: '统一身份认证已过期或不是在本浏览器中发起的；请回到登录页重新开始。',
  },
  ERR_SSO_TOKEN_INVALID: {
    status: 401,
    en: "The identity provider's answer could not be verified (signature, issuer, audience, nonce or ticket); start again, and tell the system administrator if it repeats.",
    zh: '无法验证身份提供方的应答（签名、签发者、受众、nonce 或票据）；请重新登录，若反复出现请联系系统管理员。',
  },
  ERR_SSO_CLAIM_MISSING: {
    status: 401,
    en: 'The identity provider did not send your campus ID (学号/工号) or your unit; ask the system administrator to check the claim mapping.',
    zh: '身份提供方未提供学号/工号或所属单位；请联系系统管理员检查属性映射。',
  },
  ERR_SSO_UNIT_UNKNOWN: {
    status: 403,
    en: "Your unit from the campus identity is not in OpenSeal's organisation tree, so no account could be created; ask the system administrator to add it.",
    zh: '统一身份认证中的所属单位不在本系统的组织机构中，无法创建账户；请联系系统管理员添加该单位。',
  },
  ERR_SSO_ACCOUNT_DISABLED: {
    status: 403,
    en: 'Your OpenSeal account is disabled (you left the school directory); ask the system administrator if this is wrong.',
    zh: '您的账户已停用（已从学校目录中离开）；如有误，请联系系统管理员。',
  },
  ERR_SSO_ACCOUNT_CONFLICT: {
    status: 409,
    en: 'A local account already uses your campus ID as its username but is not linked to it; ask the system administrator to link the accounts.',
    zh: '已有本地账户以您的学号/工号为用户名但未关联；请联系系统管理员关联账户。',
  },
  ERR_SMTP_NOT_CONFIGURED: {
    status: 404,
    en: 'Email is not configured or is switched off; the system administrator sets up the SMTP server first.',
    zh: '邮件未配置或已停用；请系统管理员先配置 SMTP 服务器。',
  },
  ERR_SMTP_SEND_FAILED: {
    status: 502,
    en: 'The SMTP server refused the message or could not be reached (its answer is in the details); check the host, port, security, user name and password.',
    zh: 'SMTP 服务器拒收邮件或无法连接（详情中有服务器应答）；请检查主机、端口、加密方式、用户名和密码。',
  },
  ERR_DIRECTORY_CSV: {
    status: 400,
    en: 'The directory CSV has errors (listed by file and line in the details); correct them and import again. Nothing was changed.',
    zh: '目录 CSV 有错误（详情中按文件和行号列出），请修正后重新导入。未做任何更改。',
  },
  ERR_DIRECTORY_SOURCE: {
    status: 502,
    en: 'The directory server could not be read (connection, TLS, bind or search failed); check the source settings. Nothing was changed.',
    zh: '无法读取目录服务器（连接、TLS、绑定或查询失败），请检查目录源设置。未做任何更改。',
  },
  ERR_DIRECTORY_DATA: {
    status: 422,
    en: 'The directory data is inconsistent (details name the unit or person); fix it at the source. Nothing was changed.',
    zh: '目录数据不一致（详情中列出相关单位或人员），请在源头修正。未做任何更改。',
  },
  ERR_DIRECTORY_SAFETY_LIMIT: {
    status: 409,
    en: 'This sync would disable more people than the safety limit allows (a wrong filter?); check the preview, then apply with force if it is right.',
    zh: '本次同步将停用的人数超过安全上限（可能是过滤条件有误），请检查预览；确认无误后可强制执行。',
  },
  ERR_DIRECTORY_NOT_CONFIGURED: {
    status: 409,
    en: 'No LDAP directory source is configured; the system administrator sets it first.',
    zh: '尚未配置 LDAP 目录源，请系统管理员先行配置。',
  },
  ERR_IM_APP_NOT_CONFIGURED: {
    status: 404,
    en: 'Sign-in and messages through this app (WeChat Work or DingTalk) are not configured or are switched off; sign in with your password or ask the system administrator.',
    zh: '该应用（企业微信或钉钉）的登录与消息未配置或已停用；请使用密码登录，或联系系统管理员。',
  },
  ERR_IM_APP_VENDOR: {
    status: 502,
    en: "WeChat Work or DingTalk refused the request or could not be reached (the vendor's error code is in the details); check the corp id, agent id and secret, then try again.",
    zh: '企业微信或钉钉拒绝了请求或无法连接（详情中有平台错误码）；请检查企业 ID、应用 AgentId 和 Secret 后重试。',
  },
  ERR_IM_ACCOUNT_UNLINKED: {
    status: 403,
    en: 'No OpenSeal account has your WeChat Work or DingTalk user id or job number as its campus ID (学号/工号); ask the system administrator to link your account.',
    zh: '没有学号/工号与您的企业微信或钉钉账号（UserID 或工号）一致的账户；请联系系统管理员关联账户。',
  },
  ERR_IM_CALLBACK_SIGNATURE: {
    status: 401,
    en: 'The callback signature or encryption did not verify under the configured token and EncodingAESKey; nothing was changed.',
    zh: '回调签名或加密未通过（按已配置的 Token 与 EncodingAESKey 校验）；未做任何更改。',
  },
  ERR_CONTRACT_NOT_FOUND: {
    status: 404,
    en: 'No such contract among yours: only its initiator and its parties see a contract. Check the link.',
    zh: '您的合同中没有该合同：只有发起人和签署方能看到合同，请检查链接。',
  },
  ERR_CONTRACT_PARTIES: {
    status: 400,
    en: 'The parties are not valid: name at least one person or organisation, each once, by an existing account or a seal that may stamp contracts.',
    zh: '签署方无效：请至少指定一位个人或一个单位，每方只列一次，个人须为已有账户，单位须用可盖合同的印章。',
  },
  ERR_CONTRACT_CLOSED: {
    status: 409,
    en: 'This contract is no longer open for signing (completed, declined, voided or past its deadline); nothing was changed.',
    zh: '该合同已不可签署（已完成、已拒签、已作废或已过期），未做任何更改。',
  },
  ERR_CONTRACT_NOT_YOUR_TURN: {
    status: 409,
    en: 'It is not your turn to sign: the parties before you sign first, or you have already signed.',
    zh: '尚未轮到您签署：需等前序签署方完成，或您已签署。',
  },
  ERR_CONTRACT_NOT_PREPARED: {
    status: 409,
    en: 'The signature was not prepared, or the contract changed since; start signing again.',
    zh: '签名尚未准备或合同已发生变化，请重新开始签署。',
  },
  ERR_CONTRACT_SIGNATURE_INVALID: {
    status: 400,
    en: 'The signature does not match your certificate and this contract; nothing was signed. Sign again on the same device.',
    zh: '签名与您的证书及本合同不符，未签署任何内容。请在同一设备上重新签署。',
  },
  ERR_IDENTITY_REQUIRED: {
    status: 409,
    en: 'This contract asks for a real-name check before you sign; enter your name and ID number first.',
    zh: '该合同要求签署前完成实名认证，请先填写姓名和身份证号。',
  },
  ERR_IDENTITY_NOT_VERIFIED: {
    status: 400,
    en: 'The real-name check did not pass: the name, ID number (and phone) do not match. Check them and try again.',
    zh: '实名认证未通过：姓名、身份证号（及手机号）不一致，请核对后重试。',
  },
  ERR_IDENTITY_TRIES_EXHAUSTED: {
    status: 429,
    en: 'Five real-name checks were already made on this contract, so no more are tried; ask its initiator to start the contract again.',
    zh: '该合同已进行五次实名认证，不再继续尝试；请联系发起人重新发起合同。',
  },
  ERR_CONTRACT_CUSTODY: {
    status: 409,
    en: 'This contract asks you to sign another way (your browser key, a UKey, or an event certificate); use the signing method the page shows.',
    zh: '该合同要求以其他方式签署（浏览器密钥、UKey 或事件证书），请使用页面所示的签署方式。',
  },
  ERR_SIGNER_KEY_INVALID: {
    status: 400,
    en: "The signing key's certificate request is not valid (an ECDSA P-256 or RSA 2048+ key signing its own request is expected); reload the page and try again.",
    zh: '签名密钥的证书请求无效（应为 ECDSA P-256 或 2048 位以上 RSA 密钥并由该密钥自签），请刷新页面重试。',
  },
  ERR_CONTRACT_TEMPLATE_INVALID: {
    status: 400,
    en: 'The contract template is not valid: each role needs exactly one signature (person) or seal (organisation) field, and each field must name an element of the layout and a role of the template. See the details.',
    zh: '合同模板无效：每个角色须有且仅有一个签名（个人）或盖章（单位）字段，每个字段须对应版式中的元素和模板中的角色，详见说明。',
  },
  ERR_CONTRACT_TEMPLATE_DATA: {
    status: 400,
    en: "The data does not fit the template's fields: fill every required field with a value of its kind (text, a YYYY-MM-DD date, or a checkbox true/false). The details name each field.",
    zh: '数据与模板字段不符：请按字段类型（文本、YYYY-MM-DD 日期或勾选框 true/false）填写所有必填字段，说明中列出了每个字段。',
  },
  ERR_CONTRACT_TEMPLATE_ROLES: {
    status: 400,
    en: "The parties do not match the template's roles: name each role once, a person role by an account, an organisation role by a seal.",
    zh: '签署方与模板角色不符：每个角色须指定一次，个人角色填账户，单位角色填印章。',
  },
  ERR_INVITATION_INVALID: {
    status: 410,
    en: 'This signing link is not valid any more: the contract was completed, closed or its deadline passed. Ask its initiator for a new invitation.',
    zh: '该签署链接已失效：合同已完成、已关闭或已过签署期限。请联系发起人重新邀请。',
  },
  ERR_CODE_RATE_LIMITED: {
    status: 429,
    en: 'A code was sent a moment ago (one a minute, five an hour); ask for another in {wait}.',
    zh: '验证码刚刚已发送（每分钟一次、每小时最多五次），请 {wait} 后再获取。',
  },
  ERR_CODE_INVALID: {
    status: 400,
    en: 'The code is not right or has expired; check the latest message, or ask for a new code.',
    zh: '验证码不正确或已过期，请核对最新收到的验证码，或重新获取。',
  },
  ERR_CODE_EXHAUSTED: {
    status: 400,
    en: 'Five wrong codes were entered, so this code no longer works; ask for a new code.',
    zh: '验证码已输错五次并已作废，请重新获取验证码。',
  },
  ERR_CODE_NOT_SENT: {
    status: 503,
    en: 'The code could not be sent: no SMS gateway or email server is set up, or it refused. Try again later, or ask the initiator to check the contact details.',
    zh: '验证码未能发送：未配置短信网关或邮件服务器，或发送被拒绝。请稍后重试，或请发起人核对联系方式。',
  },
  ERR_IDENTITY_FACE_IMAGE: {
    status: 400,
    en: 'The photo for the face check cannot be used: take a JPEG or PNG photo of your face with the camera, at least 64 × 64 pixels and at most 5 MB. Nothing was checked.',
    zh: '人脸核验照片无法使用：请用摄像头拍摄 JPEG 或 PNG 格式的面部照片，至少 64 × 64 像素、不超过 5 MB。本次未做核验。',
  },
  ERR_IDENTITY_FACE_NOT_VERIFIED: {
    status: 400,
    en: 'The face check did not pass: the photo was not taken of a live person, or the face does not match the ID holder. Face the camera in good light and try again.',
    zh: '人脸核验未通过：照片非真人实时拍摄，或与身份证持有人不符。请在光线充足处正对摄像头重试。',
  },
  ERR_INTERNAL: {
    status: 500,
    en: 'An internal error occurred; quote the request id when reporting it.',
    zh: '服务器内部错误，报告问题时请提供请求编号。',
  },
} as const satisfies Record<string, ErrorCodeEntry>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code);
}
