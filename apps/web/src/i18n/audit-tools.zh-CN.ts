// The auditor's chain check and export on the audit page.
export const auditToolsZh = {
  'audit.verify': '检查日志完整性',
  'audit.export': '导出 CSV',
  'audit.verify.intact':
    '审计日志完整：共 {entries} 条记录，{checkpoints} 个签名检查点，未发现改动、删除或插入。',
  'audit.verify.broken': '审计日志被改动：第一个问题在第 {seq} 条（{kind}）',
  'audit.verify.notKeyed': '日志尚未使用密钥链接，只核对了哈希链；启动一次服务器即可完成链接。',
  'audit.finding.wiped': '整个日志被清空',
  'audit.finding.truncated': '末尾记录被删除',
  'audit.finding.altered': '记录被修改',
  'audit.finding.inserted': '插入了记录',
  'audit.finding.deleted': '删除了记录',
  'audit.finding.head-mismatch': '日志头不一致',
  'audit.finding.checkpoint-invalid': '检查点不可信',
  'audit.finding.unkeyed': '存在未链接的记录',
} as const;
