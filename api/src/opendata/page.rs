//! The open-data page at `/data/`: what the data is, its licence and freshness, and links to the explorer, the
//! downloads, their dictionaries, the catalog and the schema — in Chinese with English — for people who arrive
//! without knowing GraphQL.

use super::OpenData;
use crate::graphql::data_version::DataVersion;

/// Escapes text for HTML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

impl OpenData {
    pub fn page(&self, version: DataVersion) -> String {
        let settings = &self.settings;
        let modified = version
            .modified
            .map(|t| crate::domain::calendar::local_date(t).to_string())
            .unwrap_or_else(|| "—".to_owned());
        let rows: String = self
            .datasets
            .iter()
            .map(|p| {
                let d = p.dataset;
                format!(
                    "<tr><td><strong>{}</strong><br><span lang=\"en\">{}</span></td><td>{}<br><span lang=\"en\">{}</span></td>\
                     <td><a href=\"/data/{n}.csv\">CSV</a> · <a href=\"/data/{n}.jsonl\">JSON Lines</a> · \
                     <a href=\"/data/{n}.dictionary.json\">数据字典 dictionary</a></td></tr>\n",
                    escape(d.title_zh),
                    escape(d.title_en),
                    escape(d.description_zh),
                    escape(d.description_en),
                    n = d.name,
                )
            })
            .collect();
        format!(
            r#"<!doctype html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>物业管理公开数据 · Open data on property management</title>
<link rel="icon" href="data:,">
<style>
body {{ font-family: system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; margin: 2rem auto; max-width: 64rem; padding: 0 1rem; line-height: 1.6; color: #222; overflow-wrap: anywhere; }}
table {{ border-collapse: collapse; width: 100%; }}
td, th {{ border-bottom: 1px solid #ddd; padding: .5rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }}
.wrap {{ overflow-x: auto; }}
a {{ color: #0b4f8a; }}
a:focus-visible {{ outline: 3px solid #f2a900; outline-offset: 2px; }}
span[lang=en] {{ color: #555; font-size: .9em; }}
</style>
</head>
<body>
<h1>物业管理公开数据 <span lang="en">Open data on property management</span></h1>
<p>县、镇、社区三级物业管理网络监管的小区、物业服务企业、信用档案、公共收益、专项维修资金、委员会、投诉、移交和应急管理，
全部免费下载，无需注册。<br><span lang="en">Estates, enterprises, credit archives, public income, maintenance funds,
committees, complaints, handovers and emergency management, free to download, no sign-up.</span></p>
<ul>
<li>发布者 Publisher: {publisher}</li>
<li>许可 Licence: <a href="{licence}">{licence}</a></li>
<li>数据更新于 Data last changed: {modified}（随工作人员每次修改即时更新 updated with every change staff make）</li>
<li>联系 Contact: <a href="mailto:{contact}">{contact}</a></li>
</ul>
<p><a href="/graphql">GraphQL 在线查询 Explorer</a> · <a href="/catalog">数据目录 DCAT catalog</a> ·
<a href="/schema.graphql">接口模式 Schema</a></p>
<h2>数据集 Datasets</h2>
<p>CSV 为 UTF-8（带 BOM，可直接用 Excel 打开）；JSON Lines 每行一条记录。与 GraphQL 接口所示内容完全一致。<br>
<span lang="en">CSV is UTF-8 with a byte-order mark (opens in Excel as is); JSON Lines has one record per line. Both show
exactly what the GraphQL API shows.</span></p>
<div class="wrap"><table>
<tr><th scope="col">数据集 Dataset</th><th scope="col">内容 Contents</th><th scope="col">下载 Download</th></tr>
{rows}</table></div>
</body>
</html>
"#,
            publisher = escape(&settings.publisher),
            licence = escape(&settings.licence),
            contact = escape(&settings.contact_email),
        )
    }
}
