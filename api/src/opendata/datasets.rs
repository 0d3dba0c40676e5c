//! The public datasets, as open-data portals publish them. Each one names where its rows come from in the public
//! GraphQL schema (a paged list of `Query`, or a list inside one of its objects), which list fields to descend
//! into, and its columns as paths in the schema. Nothing else: the query, the types and the descriptions of the
//! data dictionary are derived from the schema itself (`dictionary.rs`), so a download shows exactly what the
//! GraphQL view shows.

/// Where the rows come from.
#[derive(Debug, Clone, Copy)]
pub enum Root {
    /// A connection of `Query`, walked page by page: its field, its fixed arguments (besides `first`/`after`).
    Pages { field: &'static str, args: &'static str },
    /// A list inside an object of `Query`: the field with its arguments, and the list field in it.
    List { field: &'static str, list: &'static str },
}

/// One column: its name in the files, the level of the row it reads (0 the item of the root, 1 the item of the
/// first descent, …), and its dotted path from there.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub level: usize,
    pub path: &'static str,
}

const fn col(name: &'static str, level: usize, path: &'static str) -> Column {
    Column { name, level, path }
}

/// A dataset.
#[derive(Debug, Clone, Copy)]
pub struct Dataset {
    /// The file name, e.g. `estates` for `/data/estates.csv`.
    pub name: &'static str,
    pub title_zh: &'static str,
    pub title_en: &'static str,
    pub description_zh: &'static str,
    pub description_en: &'static str,
    pub keywords: &'static [(&'static str, &'static str)],
    pub root: Root,
    /// The list fields descended into, one per level below the root's items (dotted paths, e.g. `profile.records`).
    pub descend: &'static [&'static str],
    pub columns: &'static [Column],
    /// Takes `asOf` (a day), passed to the schema as `$asOf`.
    pub as_of: bool,
}

const REGISTRY: &[(&str, &str)] = &[("物业管理", "property management"), ("濉溪县", "Suixi County")];

/// Every public dataset.
pub const DATASETS: &[Dataset] = &[
    Dataset {
        name: "towns",
        title_zh: "镇（园区）及物业服务中心",
        title_en: "Towns and their property service centres",
        description_zh: "全县各镇、园区及其物业服务中心的成立日期、负责人、人员数和电话。",
        description_en: "The county's towns and parks, with their property service centres: established, leader, staff, phone.",
        keywords: REGISTRY,
        root: Root::Pages { field: "towns", args: "orderBy: {field: CODE}" },
        descend: &[],
        columns: &[
            col("code", 0, "code"),
            col("name", 0, "name"),
            col("nameEn", 0, "nameEn"),
            col("kind", 0, "kind"),
            col("countyCode", 0, "county.code"),
            col("serviceCenterEstablishedOn", 0, "serviceCenter.establishedOn"),
            col("serviceCenterLeader", 0, "serviceCenter.leader"),
            col("serviceCenterStaffCount", 0, "serviceCenter.staffCount"),
            col("serviceCenterPhone", 0, "serviceCenter.phone"),
        ],
        as_of: false,
    },
    Dataset {
        name: "communities",
        title_zh: "社区及物业专干",
        title_en: "Communities and their property officers",
        description_zh: "各社区（村）及其物业专干。",
        description_en: "The residents' and villagers' committees, with their property officers.",
        keywords: REGISTRY,
        root: Root::Pages { field: "communities", args: "orderBy: {field: CODE}" },
        descend: &[],
        columns: &[
            col("code", 0, "code"),
            col("name", 0, "name"),
            col("kind", 0, "kind"),
            col("propertyOfficer", 0, "propertyOfficer"),
            col("townCode", 0, "town.code"),
        ],
        as_of: false,
    },
    Dataset {
        name: "estates",
        title_zh: "住宅小区",
        title_en: "Residential estates",
        description_zh: "全县住宅小区：位置、类型、服务模式、户数、面积、所属社区、服务企业和委员会。",
        description_en: "Residential estates: location, housing type, service mode, households, areas, community, enterprise, committee.",
        keywords: REGISTRY,
        root: Root::Pages { field: "estates", args: "orderBy: {field: CODE}" },
        descend: &[],
        columns: &[
            col("code", 0, "code"),
            col("name", 0, "name"),
            col("address", 0, "address"),
            col("latitude", 0, "location.latitude"),
            col("longitude", 0, "location.longitude"),
            col("housingType", 0, "housingType"),
            col("serviceMode", 0, "serviceMode"),
            col("fiveBasics", 0, "fiveBasics"),
            col("buildings", 0, "buildings"),
            col("households", 0, "households"),
            col("occupiedHouseholds", 0, "occupiedHouseholds"),
            col("privateArea", 0, "privateArea"),
            col("managementRoomArea", 0, "managementRoomArea"),
            col("completedYear", 0, "completedYear"),
            col("communityCode", 0, "community.code"),
            col("townCode", 0, "town.code"),
            col("enterpriseCreditCode", 0, "enterprise.creditCode"),
            col("committeeKind", 0, "activeCommittee.kind"),
        ],
        as_of: false,
    },
    Dataset {
        name: "enterprises",
        title_zh: "物业服务企业",
        title_en: "Property-service enterprises",
        description_zh: "在本县登记的物业服务企业。",
        description_en: "The property-service enterprises registered in the county.",
        keywords: REGISTRY,
        root: Root::Pages { field: "enterprises", args: "orderBy: {field: CREDIT_CODE}" },
        descend: &[],
        columns: &[
            col("creditCode", 0, "creditCode"),
            col("name", 0, "name"),
            col("legalRepresentative", 0, "legalRepresentative"),
            col("address", 0, "address"),
            col("phone", 0, "phone"),
            col("status", 0, "status"),
        ],
        as_of: false,
    },
    Dataset {
        name: "contracts",
        title_zh: "物业服务合同",
        title_en: "Service contracts",
        description_zh: "各小区过去和现行的物业服务合同：企业、期限、收费标准、选聘方式、状态和退出预警。",
        description_en: "Every estate's contracts, past and present: enterprise, term, fee, selection, status, exit warning.",
        keywords: REGISTRY,
        root: Root::Pages { field: "estates", args: "orderBy: {field: CODE}" },
        descend: &["contracts"],
        columns: &[
            col("estateCode", 0, "code"),
            col("enterpriseCreditCode", 1, "enterprise.creditCode"),
            col("startOn", 1, "startOn"),
            col("endOn", 1, "endOn"),
            col("feePerSquareMeterMonth", 1, "feePerSquareMeterMonth"),
            col("selection", 1, "selection"),
            col("status", 1, "status"),
            col("isIndefiniteTerm", 1, "isIndefiniteTerm"),
            col("terminatedOn", 1, "terminatedOn"),
            col("terminationReason", 1, "terminationReason"),
            col("exitWarningIntendedEndOn", 1, "exitWarning.intendedEndOn"),
            col("exitWarningNoticeBasis", 1, "exitWarning.noticeBasis"),
            col("exitWarningNoticeDays", 1, "exitWarning.noticeDays"),
            col("exitWarningIsLate", 1, "exitWarning.isLate"),
        ],
        as_of: false,
    },
    Dataset {
        name: "committees",
        title_zh: "物业管理委员会和业主委员会",
        title_en: "Management and owners' committees",
        description_zh: "各小区过去和现任的物业管理委员会、业主委员会。",
        description_en: "Every estate's management and owners' committees, past and present.",
        keywords: REGISTRY,
        root: Root::Pages { field: "estates", args: "orderBy: {field: CODE}" },
        descend: &["committees"],
        columns: &[
            col("estateCode", 0, "code"),
            col("kind", 1, "kind"),
            col("status", 1, "status"),
            col("formedOn", 1, "formedOn"),
            col("termEnd", 1, "termEnd"),
            col("electedOn", 1, "electedOn"),
            col("filedOn", 1, "filedOn"),
            col("isFilingLate", 1, "isFilingLate"),
            col("dissolvedOn", 1, "dissolvedOn"),
            col("dissolutionReason", 1, "dissolutionReason"),
        ],
        as_of: false,
    },
    Dataset {
        name: "committee-members",
        title_zh: "委员会成员",
        title_en: "Committee members",
        description_zh: "委员会成员的姓名和职务（不含其他个人信息）。",
        description_en: "Committee members' names and positions (nothing else about them).",
        keywords: REGISTRY,
        root: Root::Pages { field: "estates", args: "orderBy: {field: CODE}" },
        descend: &["committees", "members"],
        columns: &[
            col("estateCode", 0, "code"),
            col("committeeKind", 1, "kind"),
            col("committeeStatus", 1, "status"),
            col("committeeFormedOn", 1, "formedOn"),
            col("name", 2, "name"),
            col("position", 2, "position"),
        ],
        as_of: false,
    },
    Dataset {
        name: "credit-profiles",
        title_zh: "企业信用评价",
        title_en: "Enterprise credit profiles",
        description_zh: "各企业在某日的信用分、等级和排名（默认今天）。",
        description_en: "Each enterprise's credit score, grade and rank on a day (today by default).",
        keywords: &[("信用档案", "credit archive"), ("物业管理", "property management")],
        root: Root::Pages { field: "creditRanking", args: "asOf: $asOf" },
        descend: &[],
        columns: &[
            col("rank", 0, "rank"),
            col("enterpriseCreditCode", 0, "enterprise.creditCode"),
            col("enterpriseName", 0, "enterprise.name"),
            col("score", 0, "profile.score"),
            col("grade", 0, "profile.grade"),
            col("goodPoints", 0, "profile.goodPoints"),
            col("badPoints", 0, "profile.badPoints"),
            col("vetoed", 0, "profile.vetoed"),
            col("asOf", 0, "profile.asOf"),
        ],
        as_of: true,
    },
    Dataset {
        name: "credit-records",
        title_zh: "企业信用记录",
        title_en: "Enterprise credit records",
        description_zh: "某日计入各企业信用分的良好、不良和否决记录（默认今天）。",
        description_en: "The good, bad and veto records that count for each enterprise on a day (today by default).",
        keywords: &[("信用档案", "credit archive"), ("物业管理", "property management")],
        root: Root::Pages { field: "creditRanking", args: "asOf: $asOf" },
        descend: &["profile.records"],
        columns: &[
            col("enterpriseCreditCode", 0, "enterprise.creditCode"),
            col("ruleCode", 1, "rule.code"),
            col("kind", 1, "kind"),
            col("points", 1, "points"),
            col("facts", 1, "facts"),
            col("occurredOn", 1, "occurredOn"),
            col("confirmedOn", 1, "confirmedOn"),
            col("expiresOn", 1, "expiresOn"),
            col("estateCode", 1, "estate.code"),
        ],
        as_of: true,
    },
    Dataset {
        name: "disclosures",
        title_zh: "公共收益公示",
        title_en: "Public-income disclosures",
        description_zh: "已公示（含已被更正）的公共收益季度公示及其合计与结余。",
        description_en: "Published (and superseded) quarterly public-income disclosures, with their totals and balances.",
        keywords: &[("公共收益", "public income"), ("物业管理", "property management")],
        root: Root::Pages { field: "estates", args: "orderBy: {field: CODE}" },
        descend: &["publicIncomeDisclosures"],
        columns: &[
            col("estateCode", 0, "code"),
            col("year", 1, "year"),
            col("quarter", 1, "quarter"),
            col("periodStart", 1, "periodStart"),
            col("periodEnd", 1, "periodEnd"),
            col("submitter", 1, "submitter"),
            col("enterpriseCreditCode", 1, "contract.enterprise.creditCode"),
            col("status", 1, "status"),
            col("gross", 1, "totals.gross"),
            col("cost", 1, "totals.cost"),
            col("net", 1, "totals.net"),
            col("transferredToFund", 1, "totals.transferredToFund"),
            col("otherUse", 1, "totals.otherUse"),
            col("openingBalance", 1, "totals.openingBalance"),
            col("closingBalance", 1, "totals.closingBalance"),
            col("publishedOn", 1, "publishedOn"),
            col("correctionReason", 1, "correctionReason"),
        ],
        as_of: false,
    },
    Dataset {
        name: "disclosure-items",
        title_zh: "公共收益明细",
        title_en: "Public-income disclosure items",
        description_zh: "公示中的每一笔公共收益：来源、说明、付款方（个人仅显示“个人”）、收入、成本和净额。",
        description_en: "Each line of a disclosure: source, description, payer (a private person shown only as 个人), gross, cost, net.",
        keywords: &[("公共收益", "public income"), ("物业管理", "property management")],
        root: Root::Pages { field: "estates", args: "orderBy: {field: CODE}" },
        descend: &["publicIncomeDisclosures", "items"],
        columns: &[
            col("estateCode", 0, "code"),
            col("year", 1, "year"),
            col("quarter", 1, "quarter"),
            col("submitter", 1, "submitter"),
            col("status", 1, "status"),
            col("source", 2, "source"),
            col("description", 2, "description"),
            col("counterparty", 2, "counterparty"),
            col("gross", 2, "gross"),
            col("cost", 2, "cost"),
            col("net", 2, "net"),
        ],
        as_of: false,
    },
    Dataset {
        name: "fund-accounts",
        title_zh: "专项维修资金账户",
        title_en: "Maintenance fund accounts",
        description_zh: "各小区专项维修资金账户的开户信息、余额和续筹提示。",
        description_en: "Each estate's maintenance fund account: opening, balance, replenishment signal.",
        keywords: &[("专项维修资金", "maintenance fund"), ("物业管理", "property management")],
        root: Root::Pages { field: "estates", args: "orderBy: {field: CODE}" },
        descend: &[],
        columns: &[
            col("estateCode", 0, "code"),
            col("custodian", 0, "fundAccount.custodian"),
            col("bank", 0, "fundAccount.bank"),
            col("openedOn", 0, "fundAccount.openedOn"),
            col("initialDeposit", 0, "fundAccount.initialDeposit"),
            col("balance", 0, "fundAccount.balance"),
            col("lastMovementOn", 0, "fundAccount.lastMovementOn"),
            col("needsReplenishment", 0, "fundAccount.needsReplenishment"),
        ],
        as_of: false,
    },
    Dataset {
        name: "fund-usages",
        title_zh: "专项维修资金使用",
        title_en: "Maintenance fund usages",
        description_zh: "自县级批准起公开的维修资金使用项目：类别、预算、表决、拨付和实际费用。",
        description_en: "Fund usages from their approval on: category, budget, vote, disbursement and actual cost.",
        keywords: &[("专项维修资金", "maintenance fund"), ("物业管理", "property management")],
        root: Root::Pages { field: "estates", args: "orderBy: {field: CODE}" },
        descend: &["fundUsages"],
        columns: &[
            col("estateCode", 0, "code"),
            col("title", 1, "title"),
            col("category", 1, "category"),
            col("budget", 1, "budget"),
            col("isEmergency", 1, "isEmergency"),
            col("status", 1, "status"),
            col("applicantCreditCode", 1, "applicant.creditCode"),
            col("votedOn", 1, "votedOn"),
            col("approvedOn", 1, "approvedOn"),
            col("disbursed", 1, "disbursed"),
            col("disbursedOn", 1, "disbursedOn"),
            col("actualCost", 1, "actualCost"),
            col("publicizedOn", 1, "publicizedOn"),
        ],
        as_of: false,
    },
    Dataset {
        name: "emergency-periods",
        title_zh: "应急管理",
        title_en: "Emergency management periods",
        description_zh: "无人服务小区的应急管理：提供方、服务内容、收费、起止日期（不超过六个月）。",
        description_en: "Emergency management of estates left without service: provider, services, fee, dates (six months at most).",
        keywords: &[("应急管理", "emergency management"), ("物业管理", "property management")],
        root: Root::Pages { field: "estates", args: "orderBy: {field: CODE}" },
        descend: &["emergencyPeriods"],
        columns: &[
            col("estateCode", 0, "code"),
            col("status", 1, "status"),
            col("provider", 1, "provider"),
            col("providerCreditCode", 1, "providerEnterprise.creditCode"),
            col("services", 1, "services"),
            col("feePerSquareMeterMonth", 1, "feePerSquareMeterMonth"),
            col("startOn", 1, "startOn"),
            col("endOn", 1, "endOn"),
            col("vacancyStartOn", 1, "vacancyStartOn"),
            col("latestEndOn", 1, "latestEndOn"),
            col("approvedOn", 1, "approvedOn"),
            col("endedOn", 1, "endedOn"),
            col("ranPastSixMonths", 1, "ranPastSixMonths"),
            col("planPlannedEnd", 1, "plan.plannedEnd"),
            col("planTownRole", 1, "plan.townRole"),
            col("planCommunityRole", 1, "plan.communityRole"),
            col("planCommitteeRole", 1, "plan.committeeRole"),
            col("planProviderRole", 1, "plan.providerRole"),
            col("planFeeCollection", 1, "plan.feeCollection"),
        ],
        as_of: false,
    },
    Dataset {
        name: "handovers",
        title_zh: "物业移交",
        title_en: "Handovers",
        description_zh: "合同终止时的物业移交：接收方、期限、状态和是否逾期。",
        description_en: "Handovers when contracts end: receiver, deadline, status, whether overdue.",
        keywords: &[("移交", "handover"), ("物业管理", "property management")],
        root: Root::Pages { field: "estates", args: "orderBy: {field: CODE}" },
        descend: &["handovers"],
        columns: &[
            col("estateCode", 0, "code"),
            col("enterpriseCreditCode", 1, "contract.enterprise.creditCode"),
            col("receiver", 1, "receiver"),
            col("receiverCreditCode", 1, "receiverEnterprise.creditCode"),
            col("deadline", 1, "deadline"),
            col("status", 1, "status"),
            col("isOverdue", 1, "isOverdue"),
            col("openedOn", 1, "openedOn"),
            col("completedOn", 1, "completedOn"),
        ],
        as_of: false,
    },
    Dataset {
        name: "inspections",
        title_zh: "巡查检查",
        title_en: "Inspections",
        description_zh: "社区、镇、县对小区的巡查和安全检查，每行一个检查项；涉及安全漏洞等不公开的问题不在其中（只计数）。",
        description_en: "Inspections of estates by communities, towns and the county, one row per checklist item; findings kept from the public are left out (and counted).",
        keywords: &[("巡查", "inspection"), ("安全检查", "safety inspection"), ("物业管理", "property management")],
        root: Root::Pages { field: "inspections", args: "" },
        descend: &["items"],
        columns: &[
            col("inspectionId", 0, "id"),
            col("estateCode", 0, "estate.code"),
            col("inspectedOn", 0, "inspectedOn"),
            col("kind", 0, "kind"),
            col("inspectingBody", 0, "inspectingBody"),
            col("inspectingBodyCode", 0, "inspectingBodyCode"),
            col("inspectingBodyName", 0, "inspectingBodyName"),
            col("withheldItemCount", 0, "withheldItemCount"),
            col("position", 1, "position"),
            col("item", 1, "item"),
            col("result", 1, "result"),
            col("note", 1, "note"),
        ],
        as_of: false,
    },
    Dataset {
        name: "rectification-notices",
        title_zh: "整改通知",
        title_en: "Rectification notices",
        description_zh: "镇、县向物业服务企业或业主委员会下达的整改通知，每行一个整改事项：依据、期限、状态、是否逾期和复查情况。",
        description_en: "Orders to correct issued by towns and the county to enterprises or committees, one row per item: basis, deadline, status, overdue, checks.",
        keywords: &[("整改", "rectification"), ("监管", "supervision"), ("物业管理", "property management")],
        root: Root::Pages { field: "rectificationNotices", args: "" },
        descend: &["items"],
        columns: &[
            col("number", 0, "number"),
            col("estateCode", 0, "estate.code"),
            col("issuer", 0, "issuer"),
            col("issuerName", 0, "issuerName"),
            col("addressee", 0, "addressee"),
            col("enterpriseCreditCode", 0, "enterprise.creditCode"),
            col("origin", 0, "origin"),
            col("legalBasis", 0, "legalBasis"),
            col("issuedOn", 0, "issuedOn"),
            col("deadline", 0, "deadline"),
            col("status", 0, "status"),
            col("isOverdue", 0, "isOverdue"),
            col("round", 0, "round"),
            col("reportedOn", 0, "reportedOn"),
            col("verifiedOn", 0, "verifiedOn"),
            col("withdrawnOn", 0, "withdrawnOn"),
            col("position", 1, "position"),
            col("item", 1, "item"),
            col("isOpen", 1, "isOpen"),
        ],
        as_of: false,
    },
    Dataset {
        name: "enforcement-cases",
        title_zh: "行政处罚及查处决定",
        title_en: "Enforcement decisions",
        description_zh: "县主管部门对物业服务企业的查处决定（公示后）：事实、依据、决定、罚款、决定书文号、决定和公示日期，是否按时公示。",
        description_en: "The county's published decisions against enterprises: facts, basis, decision, fine, document number, decided and published on time or not.",
        keywords: &[
            ("行政处罚", "administrative penalty"),
            ("双公示", "double publicity"),
            ("物业管理", "property management"),
        ],
        root: Root::Pages { field: "enforcementCases", args: "" },
        descend: &[],
        columns: &[
            col("number", 0, "number"),
            col("enterpriseCreditCode", 0, "enterprise.creditCode"),
            col("enterpriseName", 0, "enterprise.name"),
            col("facts", 0, "facts"),
            col("legalBasis", 0, "legalBasis"),
            col("origin", 0, "origin"),
            col("openedOn", 0, "openedOn"),
            col("decision", 0, "decision"),
            col("fine", 0, "fine"),
            col("decisionNumber", 0, "decisionNumber"),
            col("decidedOn", 0, "decidedOn"),
            col("decisionSummary", 0, "decisionSummary"),
            col("publicationDueOn", 0, "publicationDueOn"),
            col("publishedOn", 0, "publishedOn"),
            col("publishedLate", 0, "publishedLate"),
        ],
        as_of: false,
    },
    Dataset {
        name: "hazard-statistics",
        title_zh: "违法违规及隐患报告统计（按镇、按月）",
        title_en: "Hazard report statistics by town and month",
        description_zh: "各镇每月收到的违法违规行为及隐患报告件数、移交数、办结数和办结用时中位数；不足3件的单元格不公布。",
        description_en: "Hazard reports per town and month: count, referred, closed, median days to close; cells under 3 suppressed.",
        keywords: &[("隐患", "hazards"), ("监管", "supervision")],
        root: Root::List { field: "hazardStatistics(groupBy: [TOWN, MONTH])", list: "rows" },
        descend: &[],
        columns: &[
            col("townCode", 0, "town.code"),
            col("townName", 0, "town.name"),
            col("month", 0, "month"),
            col("suppressed", 0, "suppressed"),
            col("count", 0, "count"),
            col("referred", 0, "referred"),
            col("closed", 0, "closed"),
            col("medianDaysToClose", 0, "medianDaysToClose"),
        ],
        as_of: false,
    },
    Dataset {
        name: "complaint-statistics",
        title_zh: "投诉统计（按镇、按月）",
        title_en: "Complaint statistics by town and month",
        description_zh: "各镇每月的投诉件数、办结数、按时办结率、办结用时中位数和重新办理数；不足3件的单元格不公布。",
        description_en: "Complaints per town and month: count, closed, on-time share, median hours to close, reopened; cells under 3 suppressed.",
        keywords: &[("投诉", "complaints"), ("12345", "citizen hotline")],
        root: Root::List { field: "complaintStatistics(groupBy: [TOWN, MONTH])", list: "rows" },
        descend: &[],
        columns: &[
            col("townCode", 0, "town.code"),
            col("townName", 0, "town.name"),
            col("month", 0, "month"),
            col("suppressed", 0, "suppressed"),
            col("count", 0, "count"),
            col("closed", 0, "closed"),
            col("onTimeShare", 0, "onTimeShare"),
            col("medianHoursToClose", 0, "medianHoursToClose"),
            col("reopened", 0, "reopened"),
        ],
        as_of: false,
    },
    Dataset {
        name: "compliance",
        title_zh: "合规概览（按镇）",
        title_en: "Compliance overview by town",
        description_zh: "各镇对照县政策时限的情况：服务中心、委员会、退出预警、移交、应急管理、逾期公示和监督检查。",
        description_en: "Each town against the policy: service centre, committees, exits, handovers, emergencies, disclosures, supervision.",
        keywords: &[("合规", "compliance"), ("物业管理", "property management")],
        root: Root::List { field: "complianceOverview", list: "towns" },
        descend: &[],
        columns: &[
            col("townCode", 0, "town.code"),
            col("townName", 0, "town.name"),
            col("serviceCenterSetUpOnTime", 0, "serviceCentersSetUpOnTime.count"),
            col("serviceCenterStaffed", 0, "serviceCentersStaffed.count"),
            col("estates", 0, "estates.count"),
            col("estatesWithCommittee", 0, "estatesWithCommittee.count"),
            col("estatesWithCommitteeSinceDeadline", 0, "estatesWithCommitteeSinceDeadline.count"),
            col("exitWarningsOpen", 0, "exitWarningsOpen.count"),
            col("handoversOverdue", 0, "handoversOverdue.count"),
            col("emergencyPeriodsOverSixMonths", 0, "emergencyPeriodsOverSixMonths.count"),
            col("overdueDisclosures", 0, "overdueDisclosures.count"),
            col("estatesInspectedRecently", 0, "estatesInspectedRecently.count"),
            col("rectificationNoticesOpen", 0, "rectificationNoticesOpen.count"),
            col("rectificationNoticesOverdue", 0, "rectificationNoticesOverdue.count"),
            col("hazardReportsOpenOver30Days", 0, "hazardReportsOpenOver30Days.count"),
            col("enforcementDecisionsPublishedLate", 0, "enforcementDecisionsPublishedLate.count"),
        ],
        as_of: false,
    },
];

/// The public paged lists of `Query` that are deliberately no dataset, each with why. A new paged list is either a
/// dataset above or a line here: `every_paged_list_is_a_dataset_or_says_why_not` fails otherwise.
pub const NOT_DATASETS: &[(&str, &str)] = &[
    ("counties", "one county a deployment: the towns dataset names it (countyCode)"),
    ("creditRules", "the county's rule book, a few dozen rules changed by policy; each credit record names its rule"),
    ("assessmentRounds", "a round's published results become the credit records of credit-records"),
    ("overdueDisclosures", "today's view over disclosures: the disclosures dataset has every one with its due date"),
    ("complaints", "staff only: no public query returns a single complaint; complaint-statistics is the public view"),
    ("hazardReports", "staff only (reports may name residents); hazard-statistics is the public view"),
    ("jointMeetings", "minutes of meetings, read one by one; no table of figures"),
    ("auditEvents", "staff only: the full audit log"),
    ("changes", "the public change feed, read as a feed from where a reader left off, not as a table"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::parser::types::{BaseType, TypeKind, TypeSystemDefinition};

    /// The fields of `Query` that are connections (paged lists).
    fn paged_lists() -> Vec<String> {
        let document = async_graphql::parser::parse_schema(crate::graphql::sdl()).expect("the schema parses");
        let mut lists = Vec::new();
        for definition in document.definitions {
            let TypeSystemDefinition::Type(ty) = definition else { continue };
            let TypeKind::Object(query) = &ty.node.kind else { continue };
            if ty.node.name.node != "Query" {
                continue;
            }
            for field in &query.fields {
                if let BaseType::Named(name) = &field.node.ty.node.base
                    && name.ends_with("Connection")
                {
                    lists.push(field.node.name.node.to_string());
                }
            }
        }
        lists
    }

    #[test]
    fn every_paged_list_is_a_dataset_or_says_why_not() {
        let roots: Vec<&str> = DATASETS
            .iter()
            .map(|d| match d.root {
                Root::Pages { field, .. } | Root::List { field, .. } => field.split('(').next().unwrap_or(field),
            })
            .collect();
        let lists = paged_lists();
        assert!(lists.len() >= 10, "the schema's paged lists: {lists:?}");
        let unaccounted: Vec<&String> = lists
            .iter()
            .filter(|list| !roots.contains(&list.as_str()) && !NOT_DATASETS.iter().any(|(name, _)| name == list))
            .collect();
        assert!(unaccounted.is_empty(), "paged lists that are no dataset and do not say why: {unaccounted:?}");
        for (name, why) in NOT_DATASETS {
            assert!(lists.contains(&name.to_string()), "{name} is no paged list of Query (any more)");
            assert!(!roots.contains(name), "{name} is a dataset after all");
            assert!(!why.is_empty());
        }
    }
}
