//! The code lists of the API. Each enum is stored as its stable code (SCREAMING_CASE), served under the same name in
//! GraphQL, and carries Chinese and English labels. The one `vocabulary!` block below defines every code list and
//! registers it in [`CODE_LISTS`], which the `vocabulary` query serves: a code list cannot be left out of it.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A code list with zh/en labels for every value.
pub trait Vocabulary: Sized + Copy + 'static {
    /// The enum's name as it appears in the GraphQL schema.
    const NAME: &'static str;
    /// What the list is, in Chinese and in English.
    const LABEL: (&'static str, &'static str);
    /// Every value with its stable code, Chinese label and English label.
    fn entries() -> &'static [(Self, &'static str, &'static str, &'static str)];

    /// The stable code of this value, as stored and as served.
    fn code(self) -> &'static str
    where
        Self: PartialEq,
    {
        entry(self).1
    }

    /// The Chinese label of this value.
    fn label_zh(self) -> &'static str
    where
        Self: PartialEq,
    {
        entry(self).2
    }

    /// The English label of this value.
    fn label_en(self) -> &'static str
    where
        Self: PartialEq,
    {
        entry(self).3
    }

    /// The value with this code, if any.
    fn from_code(code: &str) -> Option<Self> {
        Self::entries().iter().find(|(_, c, ..)| *c == code).map(|(value, ..)| *value)
    }
}

/// The entry of `value` in its code list.
fn entry<V: Vocabulary + PartialEq>(value: V) -> &'static (V, &'static str, &'static str, &'static str) {
    V::entries().iter().find(|(v, ..)| *v == value).expect("every value has an entry")
}

/// One code list as the `vocabulary` query serves it.
#[derive(Debug)]
pub struct CodeList {
    /// The enum's name in the GraphQL schema.
    pub name: &'static str,
    pub label_zh: &'static str,
    pub label_en: &'static str,
    pub values: &'static [CodeValue],
}

/// One value of a code list.
#[derive(Debug)]
pub struct CodeValue {
    pub code: &'static str,
    pub label_zh: &'static str,
    pub label_en: &'static str,
}

/// Defines code lists: for each, the enum (stored, served in GraphQL and serialized as its codes), its labels, and
/// its entry in [`CODE_LISTS`].
macro_rules! vocabulary {
    ($(
        $(#[doc = $doc:literal])+
        $name:ident ($zh:literal, $en:literal) {
            $($variant:ident = $code:literal ($vzh:literal, $ven:literal)),+ $(,)?
        }
    )+) => {
        $(
            $(#[doc = $doc])+
            #[derive(
                Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, DeriveActiveEnum,
                Serialize, Deserialize, async_graphql::Enum,
            )]
            #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
            pub enum $name {
                $(
                    #[doc = concat!($vzh, " — ", $ven)]
                    #[sea_orm(string_value = $code)]
                    #[graphql(name = $code)]
                    #[serde(rename = $code)]
                    $variant,
                )+
            }

            impl Vocabulary for $name {
                const NAME: &'static str = stringify!($name);
                const LABEL: (&'static str, &'static str) = ($zh, $en);
                fn entries() -> &'static [(Self, &'static str, &'static str, &'static str)] {
                    &[$(($name::$variant, $code, $vzh, $ven)),+]
                }
            }
        )+

        /// Every code list, in the order defined.
        pub static CODE_LISTS: &[CodeList] = &[$(
            CodeList {
                name: stringify!($name),
                label_zh: $zh,
                label_en: $en,
                values: &[$(CodeValue { code: $code, label_zh: $vzh, label_en: $ven }),+],
            }
        ),+];
    };
}

vocabulary! {
    /// 镇级单位类型 Kind of a town-level unit
    TownKind ("镇级单位类型", "Kind of town-level unit") {
        Town = "TOWN" ("镇", "Town"),
        Park = "PARK" ("园区", "Industrial park"),
        Subdistrict = "SUBDISTRICT" ("街道", "Subdistrict"),
    }

    /// 社区类型 Kind of a community
    CommunityKind ("社区类型", "Kind of community") {
        Residents = "RESIDENTS" ("居委会", "Residents' committee"),
        Village = "VILLAGE" ("村委会", "Villagers' committee"),
    }

    /// 房屋类型 Housing type of an estate
    HousingType ("房屋类型", "Housing type") {
        Commodity = "COMMODITY" ("商品房", "Commodity housing"),
        Resettlement = "RESETTLEMENT" ("安置房", "Resettlement housing"),
        Affordable = "AFFORDABLE" ("保障性住房", "Affordable housing"),
        OldCompound = "OLD_COMPOUND" ("老旧小区", "Old residential compound"),
        SingleBuilding = "SINGLE_BUILDING" ("单体楼", "Single building"),
        Other = "OTHER" ("其他", "Other"),
    }

    /// 服务模式 How an estate is served
    ServiceMode ("服务模式", "Service mode") {
        Market = "MARKET" ("市场化", "Market-based service by an enterprise"),
        FiveBasics = "FIVE_BASICS" ("五有", "Community 'five basics' service"),
        Emergency = "EMERGENCY" ("应急管理", "Emergency management"),
        SelfManaged = "SELF_MANAGED" ("自管", "Self-managed by the owners"),
        None = "NONE" ("无", "No property management"),
    }

    /// 五有服务 A service of the community "five basics"
    FiveBasicsService ("五有服务", "Five-basics service") {
        Cleaning = "CLEANING" ("清扫保洁", "Cleaning"),
        Security = "SECURITY" ("治安防范", "Security"),
        Greening = "GREENING" ("绿化养护", "Greening"),
        Repairs = "REPAIRS" ("物业维修", "Repairs"),
        Parking = "PARKING" ("停车管理", "Parking"),
    }

    /// 企业状态 Status of a property-service enterprise
    EnterpriseStatus ("企业状态", "Enterprise status") {
        Active = "ACTIVE" ("正常", "Active"),
        Suspended = "SUSPENDED" ("暂停", "Suspended"),
        Deregistered = "DEREGISTERED" ("注销", "Deregistered"),
    }

    /// 选聘方式 How an enterprise was selected for a contract
    SelectionMethod ("选聘方式", "Selection method") {
        Bidding = "BIDDING" ("招投标", "Public bidding"),
        Negotiated = "NEGOTIATED" ("协议", "Negotiated agreement"),
        Designated = "DESIGNATED" ("指定", "Designated"),
    }

    /// 合同状态 Status of a service contract
    ContractStatus ("合同状态", "Contract status") {
        Active = "ACTIVE" ("履行中", "Active"),
        ExitWarned = "EXIT_WARNED" ("已退出预警", "Exit warning filed"),
        Terminated = "TERMINATED" ("已终止", "Terminated"),
    }

    /// 履约金状态 Status of a performance bond
    BondStatus ("履约金状态", "Performance bond status") {
        Held = "HELD" ("存管中", "Held"),
        Refunded = "REFUNDED" ("已退还", "Refunded"),
        Forfeited = "FORFEITED" ("已没收", "Forfeited"),
    }

    /// 委员会类型 Kind of an estate committee
    CommitteeKind ("委员会类型", "Committee kind") {
        Management = "MANAGEMENT" ("物业管理委员会", "Property management committee"),
        Owners = "OWNERS" ("业主委员会", "Owners' committee"),
    }

    /// 委员会状态 Status of a committee. Only ACTIVE and DISSOLVED are stored; NOT_FUNCTIONING (the town found it
    /// does not work, 四(三)9) and TERM_EXPIRED (past its term, no new committee) are read from an active one.
    CommitteeStatus ("委员会状态", "Committee status") {
        Active = "ACTIVE" ("履职中", "Active"),
        NotFunctioning = "NOT_FUNCTIONING" ("不能正常履职", "Not functioning"),
        TermExpired = "TERM_EXPIRED" ("任期届满未换届", "Term expired"),
        Dissolved = "DISSOLVED" ("已解散", "Dissolved"),
    }

    /// 委员职务 Position of a committee member
    MemberPosition ("委员职务", "Member position") {
        Chair = "CHAIR" ("主任", "Chair"),
        ViceChair = "VICE_CHAIR" ("副主任", "Vice chair"),
        Member = "MEMBER" ("委员", "Member"),
    }

    /// 委员来源 Where a committee member comes from
    MemberAffiliation ("委员来源", "Member affiliation") {
        CommunityPartyOrg = "COMMUNITY_PARTY_ORG" ("社区党组织", "Community Party organisation"),
        ResidentsCommittee = "RESIDENTS_COMMITTEE" ("居(村)委会", "Residents' or villagers' committee"),
        UrbanManagement = "URBAN_MANAGEMENT" ("驻社区城管", "Urban management posted to the community"),
        Owner = "OWNER" ("业主", "Owner"),
        Other = "OTHER" ("其他", "Other"),
    }

    /// 优先人选标签 Priority tag of a committee member (两代表一委员、三老)
    MemberTag ("优先人选标签", "Member priority tag") {
        PartyCongress = "PARTY_CONGRESS" ("党代表", "Party congress deputy"),
        PeoplesCongress = "PEOPLES_CONGRESS" ("人大代表", "People's congress deputy"),
        Cppcc = "CPPCC" ("政协委员", "CPPCC member"),
        VeteranCadre = "VETERAN_CADRE" ("老干部", "Veteran cadre"),
        VeteranPartyMember = "VETERAN_PARTY_MEMBER" ("老党员", "Veteran Party member"),
        RetiredTeacher = "RETIRED_TEACHER" ("退休教师", "Retired teacher"),
        LawEnforcement = "LAW_ENFORCEMENT" ("执法人员", "Law enforcement officer"),
    }

    /// 信用规则类型 Kind of a credit rule
    CreditRuleKind ("信用规则类型", "Kind of credit rule") {
        Good = "GOOD" ("良好信用信息", "Good conduct"),
        Bad = "BAD" ("不良信用信息", "Bad conduct"),
        Veto = "VETO" ("一票否决", "Veto"),
    }

    /// 信用规则状态 Whether a credit rule is in use
    CreditRuleStatus ("信用规则状态", "Credit rule status") {
        Active = "ACTIVE" ("在用", "In use"),
        Retired = "RETIRED" ("已停用", "Retired"),
    }

    /// 信用记录状态 Where a credit record stands (EXPIRED is derived from its date, never stored)
    CreditRecordStatus ("信用记录状态", "Credit record status") {
        Proposed = "PROPOSED" ("待确认", "Proposed"),
        Confirmed = "CONFIRMED" ("已确认", "Confirmed"),
        Rejected = "REJECTED" ("已驳回", "Rejected"),
        Revoked = "REVOKED" ("已撤销", "Revoked"),
        Expired = "EXPIRED" ("已过期", "Expired"),
    }

    /// 信用记录来源 Where a credit record came from
    CreditRecordSource ("信用记录来源", "Credit record source") {
        Field = "FIELD" ("日常采集", "Collected in the field"),
        Assessment = "ASSESSMENT" ("考核评比", "Proposed by an assessment round"),
        ExitWarning = "EXIT_WARNING" ("退出预警", "Proposed by a late exit warning"),
        Rectification = "RECTIFICATION" ("整改通知", "Proposed by a rectification notice left unverified"),
    }

    /// 信用等级 Credit grade of an enterprise
    CreditGrade ("信用等级", "Credit grade") {
        Aaa = "AAA" ("AAA级（诚信）", "AAA"),
        Aa = "AA" ("AA级", "AA"),
        A = "A" ("A级", "A"),
        B = "B" ("B级", "B"),
        C = "C" ("C级", "C"),
        D = "D" ("D级（严重失信）", "D (serious breach of trust)"),
    }

    /// 信用变化原因 What changed an enterprise's credit on a day
    CreditEventKind ("信用变化原因", "Cause of a credit change") {
        RecordConfirmed = "RECORD_CONFIRMED" ("信用记录确认", "A record was confirmed"),
        RecordExpired = "RECORD_EXPIRED" ("信用记录期满", "A record expired"),
        RecordRevoked = "RECORD_REVOKED" ("信用记录撤销", "A record was revoked"),
        ScoringChanged = "SCORING_CHANGED" ("评分参数调整", "The scoring parameters changed"),
    }

    /// 异议状态 Where an objection (to a credit record, or to a tender's candidate) stands
    ObjectionStatus ("异议状态", "Objection status") {
        Pending = "PENDING" ("待处理", "Pending"),
        Upheld = "UPHELD" ("异议成立", "Upheld"),
        Dismissed = "DISMISSED" ("异议不成立", "Dismissed"),
    }

    /// 考核层级 Who runs an assessment round
    AssessmentLevel ("考核层级", "Assessment level") {
        County = "COUNTY" ("县级", "County"),
        Town = "TOWN" ("镇级", "Town"),
    }

    /// 考核对象类型 What an assessment round rates
    AssessmentSubjectKind ("考核对象类型", "Kind of assessment subject") {
        Enterprise = "ENTERPRISE" ("物业服务企业", "Property-service enterprises"),
        Estate = "ESTATE" ("小区", "Estates"),
        ServiceCenter = "SERVICE_CENTER" ("物业服务中心", "Town property service centres"),
    }

    /// 考核状态 Whether an assessment round is published
    AssessmentStatus ("考核状态", "Assessment round status") {
        Draft = "DRAFT" ("草稿", "Draft"),
        Published = "PUBLISHED" ("已发布", "Published"),
    }

    /// 挂牌 The plaque awarded by an assessment
    Plaque ("挂牌", "Plaque") {
        FiveStar = "FIVE_STAR" ("五星", "Five stars"),
        FourStar = "FOUR_STAR" ("四星", "Four stars"),
        ThreeStar = "THREE_STAR" ("三星", "Three stars"),
        TwoStar = "TWO_STAR" ("二星", "Two stars"),
        OneStar = "ONE_STAR" ("一星", "One star"),
        None = "NONE" ("未挂牌", "No plaque"),
    }

    /// 公共收益公示状态 Where a public-income disclosure stands
    DisclosureStatus ("公共收益公示状态", "Disclosure status") {
        Draft = "DRAFT" ("草稿", "Draft"),
        Submitted = "SUBMITTED" ("已提交", "Submitted"),
        Published = "PUBLISHED" ("已公示", "Published"),
        Returned = "RETURNED" ("已退回", "Returned"),
        Superseded = "SUPERSEDED" ("已被更正", "Superseded by a correction"),
    }

    /// 公示主体 Who discloses a period's public income
    DisclosureSubmitter ("公示主体", "Discloser") {
        Enterprise = "ENTERPRISE" ("物业服务企业", "The enterprise serving the estate"),
        Committee = "COMMITTEE" ("业主委员会或物业管理委员会", "The estate's committee"),
    }

    /// 收益来源 Where an item of public income came from
    IncomeSource ("收益来源", "Income source") {
        Advertising = "ADVERTISING" ("广告", "Advertising"),
        Parking = "PARKING" ("停车", "Parking"),
        VenueRental = "VENUE_RENTAL" ("场地租赁", "Venue rental"),
        Telecom = "TELECOM" ("通信设施", "Telecom facilities"),
        Other = "OTHER" ("其他", "Other"),
    }

    /// 资金管理方式 Who keeps a maintenance fund
    FundCustodian ("资金管理方式", "Fund custodian") {
        County = "COUNTY" ("主管部门代管", "Kept by the county"),
        OwnersAssembly = "OWNERS_ASSEMBLY" ("业主大会自管", "Kept by the owners' assembly"),
    }

    /// 分户账类型 Kind of a maintenance-fund ledger entry
    LedgerEntryKind ("资金记账类型", "Ledger entry kind") {
        Deposit = "DEPOSIT" ("交存", "Deposit"),
        Replenishment = "REPLENISHMENT" ("续筹", "Replenishment"),
        Interest = "INTEREST" ("增值收益", "Interest"),
        PublicIncomeTransfer = "PUBLIC_INCOME_TRANSFER" ("公共收益转入", "Transfer of public income"),
        Withdrawal = "WITHDRAWAL" ("使用支出", "Withdrawal for a usage"),
        Refund = "REFUND" ("退还", "Refund to owners"),
        Reversal = "REVERSAL" ("冲正", "Reversal of an entry"),
    }

    /// 维修项目类别 What a maintenance-fund usage repairs
    UsageCategory ("维修项目类别", "Usage category") {
        Elevator = "ELEVATOR" ("电梯", "Elevators"),
        Roof = "ROOF" ("屋面防水", "Roof waterproofing"),
        FireSafety = "FIRE_SAFETY" ("消防", "Fire safety"),
        WaterSupply = "WATER_SUPPLY" ("二次供水", "Secondary water supply"),
        Facade = "FACADE" ("外墙", "Facade"),
        Pipes = "PIPES" ("管网", "Pipes"),
        Roads = "ROADS" ("道路", "Roads"),
        Other = "OTHER" ("其他", "Other"),
    }

    /// 使用申请状态 Where a maintenance-fund usage stands
    FundUsageStatus ("使用申请状态", "Fund usage status") {
        Draft = "DRAFT" ("草稿", "Draft"),
        Voting = "VOTING" ("表决中", "Owners voting"),
        Voted = "VOTED" ("表决通过", "Adopted by vote"),
        VoteFailed = "VOTE_FAILED" ("表决未通过", "Vote failed"),
        Submitted = "SUBMITTED" ("已提交", "Submitted"),
        TownReviewed = "TOWN_REVIEWED" ("镇初审通过", "Reviewed by the town"),
        Approved = "APPROVED" ("已审批", "Approved by the county"),
        Disbursed = "DISBURSED" ("已拨付", "Disbursed"),
        Publicized = "PUBLICIZED" ("已公示", "Publicized with its actual cost"),
        Rejected = "REJECTED" ("已驳回", "Rejected"),
        Withdrawn = "WITHDRAWN" ("已撤回", "Withdrawn"),
    }

    /// 续筹方案状态 Where a replenishment plan stands
    ReplenishmentStatus ("续筹方案状态", "Replenishment plan status") {
        Proposed = "PROPOSED" ("已提出", "Proposed"),
        Adopted = "ADOPTED" ("表决通过", "Adopted by vote"),
        Rejected = "REJECTED" ("表决未通过", "Rejected by vote"),
        InProgress = "IN_PROGRESS" ("筹集中", "Being collected"),
        Completed = "COMPLETED" ("已完成", "Completed"),
    }

    /// 预警期限依据 Why an exit warning owes the notice it owes (民法典 arts. 947, 948)
    ExitNoticeBasis ("预警期限依据", "Basis of the notice owed") {
        FixedTerm = "FIXED_TERM" ("定期合同期满前九十日（民法典第九百四十七条）", "90 days before a fixed term ends (Civil Code art. 947)"),
        IndefiniteTerm = "INDEFINITE_TERM" ("不定期合同提前六十日（民法典第九百四十八条）", "60 days' notice on an indefinite term (Civil Code art. 948)"),
        ContractAgreement = "CONTRACT_AGREEMENT" ("合同另有约定", "What the contract agrees"),
    }

    /// 移交接收方 Who receives an estate when its service changes hands
    HandoverReceiver ("移交接收方", "Handover receiver") {
        NewEnterprise = "NEW_ENTERPRISE" ("新物业服务企业", "A new enterprise"),
        OwnersCommittee = "OWNERS_COMMITTEE" ("业主委员会", "The owners' committee"),
        SelfManaged = "SELF_MANAGED" ("业主自行管理", "Self-managing owners"),
        FiveBasics = "FIVE_BASICS" ("社区“五有”服务", "The community's five basics"),
        EmergencyManagement = "EMERGENCY_MANAGEMENT" ("应急管理", "Emergency management"),
    }

    /// 移交状态 Where a handover stands
    HandoverStatus ("移交状态", "Handover status") {
        Open = "OPEN" ("进行中", "Open"),
        Disputed = "DISPUTED" ("有争议", "Disputed"),
        Completed = "COMPLETED" ("已完成", "Completed"),
    }

    /// 移交事项 An item of a handover checklist
    HandoverItemKind ("移交事项", "Handover item") {
        AsBuiltDrawings = "AS_BUILT_DRAWINGS" ("竣工图", "As-built drawings"),
        EquipmentDocs = "EQUIPMENT_DOCS" ("设施设备资料", "Equipment documents"),
        WarrantyDocs = "WARRANTY_DOCS" ("保修资料", "Warranty documents"),
        ManagementRoom = "MANAGEMENT_ROOM" ("物业管理用房", "Management room"),
        PublicIncomeBalance = "PUBLIC_INCOME_BALANCE" ("公共收益结余", "Public-income balance"),
        MaintenanceRecords = "MAINTENANCE_RECORDS" ("维修养护记录", "Maintenance records"),
        OwnerRecords = "OWNER_RECORDS" ("业主资料", "Owner records"),
        KeysAndAccess = "KEYS_AND_ACCESS" ("钥匙及门禁", "Keys and access"),
    }

    /// 移交事项状态 Where a handover item stands
    HandoverItemStatus ("移交事项状态", "Handover item status") {
        Pending = "PENDING" ("待移交", "Pending"),
        Received = "RECEIVED" ("已接收", "Received"),
        Disputed = "DISPUTED" ("有争议", "Disputed"),
    }

    /// 应急管理状态 Where an emergency management period stands
    EmergencyStatus ("应急管理状态", "Emergency management status") {
        Applied = "APPLIED" ("已申请", "Applied for"),
        Active = "ACTIVE" ("实施中", "Active"),
        Rejected = "REJECTED" ("未批准", "Rejected"),
        Ended = "ENDED" ("已结束", "Ended"),
    }

    /// 应急服务提供方 Who provides emergency management
    EmergencyProvider ("应急服务提供方", "Emergency provider") {
        Enterprise = "ENTERPRISE" ("物业服务企业", "An enterprise"),
        FiveBasics = "FIVE_BASICS" ("社区“五有”服务", "The community's five basics"),
    }

    /// 临时管理的预定去向 How a temporary management plan means the vacancy to end
    EmergencyPlannedEnd ("预定去向", "Planned end") {
        NewEnterpriseByTender = "NEW_ENTERPRISE_BY_TENDER" ("招标选聘新物业服务企业", "A new enterprise chosen by tender"),
        OwnersSelfManage = "OWNERS_SELF_MANAGE" ("业主自行管理", "The owners manage the estate themselves"),
        FiveBasics = "FIVE_BASICS" ("社区“五有”服务", "The community's five basics"),
    }

    /// 政策时限 A deadline the county policy set
    PolicyDeadlineKind ("政策时限", "Policy deadline") {
        ServiceCenterSetup = "SERVICE_CENTER_SETUP" ("设立镇物业服务中心", "Towns set up their property service centres"),
        CommitteeFormation = "COMMITTEE_FORMATION" ("小区成立物业管理委员会", "Estates form management committees"),
    }

    /// 投诉渠道 How a complaint came in
    ComplaintChannel ("投诉渠道", "Complaint channel") {
        Hotline12345 = "HOTLINE_12345" ("12345市民服务热线", "The 12345 citizen service hotline"),
        Phone = "PHONE" ("电话", "Phone"),
        WalkIn = "WALK_IN" ("来访", "In person"),
        Online = "ONLINE" ("网络", "Online"),
        Letter = "LETTER" ("来信", "Letter"),
    }

    /// 投诉类别 What a complaint is about
    ComplaintCategory ("投诉类别", "Complaint category") {
        ServiceQuality = "SERVICE_QUALITY" ("服务质量", "Service quality"),
        Fees = "FEES" ("物业收费", "Fees"),
        PublicIncome = "PUBLIC_INCOME" ("公共收益", "Public income"),
        MaintenanceFund = "MAINTENANCE_FUND" ("专项维修资金", "Maintenance fund"),
        Security = "SECURITY" ("安全秩序", "Safety and order"),
        Sanitation = "SANITATION" ("环境卫生", "Sanitation"),
        Greening = "GREENING" ("绿化养护", "Greening"),
        Parking = "PARKING" ("停车管理", "Parking"),
        FacilityRepair = "FACILITY_REPAIR" ("设施维修", "Facility repair"),
        Committee = "COMMITTEE" ("委员会", "Committees"),
        EnterpriseExit = "ENTERPRISE_EXIT" ("企业退出", "An enterprise leaving"),
        Other = "OTHER" ("其他", "Other"),
    }

    /// 投诉状态 Where a complaint stands
    ComplaintStatus ("投诉状态", "Complaint status") {
        Received = "RECEIVED" ("已受理", "Received"),
        Assigned = "ASSIGNED" ("已交办", "Assigned"),
        Responded = "RESPONDED" ("已答复", "Responded"),
        Closed = "CLOSED" ("已办结", "Closed"),
        Reopened = "REOPENED" ("重新办理", "Reopened"),
    }

    /// 承办方 Who a complaint is assigned to
    ComplaintAssignee ("承办方", "Complaint assignee") {
        Community = "COMMUNITY" ("社区", "The community"),
        Committee = "COMMITTEE" ("物业管理委员会或业主委员会", "The estate's committee"),
        Enterprise = "ENTERPRISE" ("物业服务企业", "The enterprise serving the estate"),
    }

    /// 满意度 How satisfied the complainant is with the outcome
    Satisfaction ("满意度", "Satisfaction") {
        Satisfied = "SATISFIED" ("满意", "Satisfied"),
        BasicallySatisfied = "BASICALLY_SATISFIED" ("基本满意", "Basically satisfied"),
        Dissatisfied = "DISSATISFIED" ("不满意", "Dissatisfied"),
        Unreachable = "UNREACHABLE" ("未能联系", "Could not be reached"),
    }

    /// 日历日类型 A day that breaks the week's pattern
    CalendarDayKind ("日历日类型", "Kind of calendar day") {
        Holiday = "HOLIDAY" ("法定节假日（放假）", "A public holiday (no work)"),
        Workday = "WORKDAY" ("调休上班", "A make-up working day on a weekend"),
    }

    /// 联席会议参加单位类型 Kind of body that takes part in a joint meeting
    MeetingParticipantKind ("参加单位类型", "Kind of participating body") {
        TownServiceCenter = "TOWN_SERVICE_CENTER" ("镇物业服务中心", "A town's property service centre"),
        Community = "COMMUNITY" ("社区", "A community"),
        Committee = "COMMITTEE" ("物业管理委员会或业主委员会", "An estate's committee"),
        Enterprise = "ENTERPRISE" ("物业服务企业", "An enterprise"),
        Police = "POLICE" ("公安派出所", "The police station"),
        UrbanManagement = "URBAN_MANAGEMENT" ("城管", "Urban management"),
        MarketRegulation = "MARKET_REGULATION" ("市场监管", "Market regulation"),
        HousingBureau = "HOUSING_BUREAU" ("县住建局", "The county housing bureau"),
        OtherDepartment = "OTHER_DEPARTMENT" ("其他部门", "Another department"),
    }

    /// 监管层级 The tier of a supervising body
    SupervisoryTier ("监管层级", "Supervisory tier") {
        County = "COUNTY" ("县住房和城乡建设局", "The county"),
        Town = "TOWN" ("镇（园区）物业服务中心", "A town"),
        Community = "COMMUNITY" ("社区", "A community"),
    }

    /// 检查类型 What an inspection looked at
    InspectionKind ("检查类型", "Inspection kind") {
        Routine = "ROUTINE" ("日常巡查", "Routine inspection"),
        Safety = "SAFETY" ("安全检查", "Safety inspection"),
        Fire = "FIRE" ("消防检查", "Fire safety inspection"),
        Elevator = "ELEVATOR" ("电梯检查", "Elevator inspection"),
        Flood = "FLOOD" ("防汛检查", "Flood-season inspection"),
        Other = "OTHER" ("其他检查", "Other inspection"),
    }

    /// 检查结果 The result of one checklist item
    InspectionResult ("检查结果", "Inspection result") {
        InOrder = "OK" ("合格", "In order"),
        Finding = "FINDING" ("发现问题", "Finding"),
        NotApplicable = "NOT_APPLICABLE" ("不适用", "Not applicable"),
    }

    /// 整改对象 Whom a rectification notice orders
    NoticeAddressee ("整改对象", "Notice addressee") {
        Enterprise = "ENTERPRISE" ("物业服务企业", "The enterprise serving the estate"),
        Committee = "COMMITTEE" ("业主委员会（物业管理委员会）", "The estate's committee"),
    }

    /// 整改来源 What a rectification notice came from
    NoticeOrigin ("整改来源", "Notice origin") {
        Inspection = "INSPECTION" ("巡查检查发现", "An inspection's findings"),
        Complaint = "COMPLAINT" ("投诉", "A complaint"),
        Direct = "DIRECT" ("直接下达", "The issuer's own motion"),
    }

    /// 整改状态 Where a rectification notice stands (overdue is derived from the deadline, never stored)
    RectificationStatus ("整改状态", "Rectification status") {
        Issued = "ISSUED" ("待整改", "Issued, awaiting the report"),
        Reported = "REPORTED" ("已报告整改", "Reported, awaiting the check"),
        Reopened = "REOPENED" ("复查未通过，重新整改", "Check failed, reopened with a new deadline"),
        Passed = "PASSED" ("整改验收通过", "Passed the check"),
        Withdrawn = "WITHDRAWN" ("已撤回", "Withdrawn"),
    }

    /// 复查结论 The result of an issuer's check of a rectification
    RectificationVerdict ("复查结论", "Verification verdict") {
        Passed = "PASSED" ("通过", "Passed: every item corrected"),
        Failed = "FAILED" ("未通过", "Failed: items still open"),
    }

    /// 报告人 Who reports a violation or hazard
    HazardReporter ("报告人", "Hazard reporter") {
        Committee = "COMMITTEE" ("业主委员会（物业管理委员会）", "The estate's committee"),
        Community = "COMMUNITY" ("社区", "The community"),
        Enterprise = "ENTERPRISE" ("物业服务企业", "The enterprise serving the estate"),
    }

    /// 违法违规及隐患类别 What kind of violation or hazard was reported
    HazardCategory ("违法违规及隐患类别", "Hazard category") {
        IllegalConstruction = "ILLEGAL_CONSTRUCTION" ("违法搭建", "Illegal construction"),
        FireLaneBlocked = "FIRE_LANE_BLOCKED" ("占用堵塞消防通道", "Fire lane blocked"),
        UnsafeStructure = "UNSAFE_STRUCTURE" ("危及房屋安全", "Unsafe structure"),
        GroupRental = "GROUP_RENTAL" ("群租", "Group rental"),
        DamageToCommonParts = "DAMAGE_TO_COMMON_PARTS" ("损坏共用部位设施", "Damage to common parts"),
        Other = "OTHER" ("其他", "Other"),
    }

    /// 报告状态 Where a hazard report stands
    HazardStatus ("报告状态", "Hazard report status") {
        Reported = "REPORTED" ("已报告", "Reported"),
        Acknowledged = "ACKNOWLEDGED" ("镇已受理", "Acknowledged by the town"),
        Referred = "REFERRED" ("已移交主管部门", "Referred to the competent department"),
        Closed = "CLOSED" ("已办结", "Closed"),
    }

    /// 主管部门 The department a hazard is referred to
    Department ("主管部门", "Competent department") {
        UrbanManagement = "URBAN_MANAGEMENT" ("城市管理（综合执法）", "Urban management"),
        FireRescue = "FIRE_RESCUE" ("消防救援", "Fire and rescue"),
        Housing = "HOUSING" ("住房和城乡建设", "Housing and construction"),
        Police = "POLICE" ("公安", "Public security"),
        MarketRegulation = "MARKET_REGULATION" ("市场监督管理", "Market regulation"),
    }

    /// 案件来源 Where an enforcement case came from
    CaseOrigin ("案件来源", "Case origin") {
        RectificationNotice = "RECTIFICATION_NOTICE" ("整改通知", "A rectification notice"),
        HazardReport = "HAZARD_REPORT" ("违法违规及隐患报告", "A hazard report"),
        Complaint = "COMPLAINT" ("投诉", "A complaint"),
        Direct = "DIRECT" ("依职权发现", "The county's own motion"),
    }

    /// 案件状态 Where an enforcement case stands
    CaseStatus ("案件状态", "Case status") {
        Open = "OPEN" ("调查中", "Under investigation"),
        Decided = "DECIDED" ("已作出决定", "Decided"),
        Published = "PUBLISHED" ("已公示", "Decision published"),
    }

    /// 处理决定 What an enforcement case decided
    CaseDecision ("处理决定", "Case decision") {
        NoViolation = "NO_VIOLATION" ("不构成违法", "No violation"),
        Warning = "WARNING" ("警告", "Warning"),
        Fine = "FINE" ("罚款", "Fine"),
        OrderToCorrect = "ORDER_TO_CORRECT" ("责令限期改正", "Order to correct"),
        RevokeQualification = "REVOKE_QUALIFICATION" ("吊销资质", "Qualification revoked"),
    }

    /// 招标类型 Which selection a tender is
    TenderKind ("招标类型", "Tender kind") {
        EarlyStage = "EARLY_STAGE" ("前期物业服务招标", "Early-stage service, before the owners' assembly"),
        OwnersSelection = "OWNERS_SELECTION" ("业主大会选聘", "Selection by the owners' assembly"),
    }

    /// 选聘方式 How a tender selects
    TenderMethod ("选聘方式", "Tender method") {
        PublicTender = "PUBLIC_TENDER" ("公开招标", "Public tender"),
        InvitedTender = "INVITED_TENDER" ("邀请招标", "Invited tender"),
        ByAgreement = "BY_AGREEMENT" ("协议选聘", "Selection by agreement"),
    }

    /// 招标组织者 Who runs a tender
    TenderRunner ("招标组织者", "Tender runner") {
        Town = "TOWN" ("镇（园区）", "The town"),
        Committee = "COMMITTEE" ("业主委员会（经镇同意）", "The owners' committee, with the town's consent"),
    }

    /// 招标状态 Where a tender stands
    TenderStatus ("招标状态", "Tender status") {
        Announced = "ANNOUNCED" ("已发布招标公告", "Announced, bids sealed"),
        Opened = "OPENED" ("已开标", "Bids opened"),
        Failed = "FAILED" ("流标", "Failed: too few bids"),
        Evaluated = "EVALUATED" ("已评标", "Evaluated"),
        Publicized = "PUBLICIZED" ("中标候选人公示中", "Candidate publicised"),
        Awarded = "AWARDED" ("已定标", "Awarded"),
        Contracted = "CONTRACTED" ("已签订合同", "Contract signed"),
    }

    /// 协议选聘理由 Why the county lets an estate select by agreement
    AgreementGround ("协议选聘理由", "Ground for selection by agreement") {
        FewerThanThreeBidders = "FEWER_THAN_THREE_BIDDERS" ("投标人少于3个", "Fewer than three bidders"),
        SmallEstate = "SMALL_ESTATE" ("住宅规模较小", "A small estate"),
    }

    /// 坐标系 The geodetic datum of a location
    GeoDatum ("坐标系", "Geodetic datum") {
        Gcj02 = "GCJ02" ("国测局坐标系", "GCJ-02, the datum Chinese public maps must use"),
    }

    /// 业主共同决定事项 A matter the owners decide together (民法典 art. 278 (1)–(9)), or another matter
    AssemblyMatter ("业主共同决定事项", "Matter of an owners' assembly") {
        RulesOfProcedure = "RULES_OF_PROCEDURE" ("制定和修改业主大会议事规则", "Rules of procedure of the assembly"),
        ManagementStatute = "MANAGEMENT_STATUTE" ("制定和修改管理规约", "Management statute"),
        ElectCommittee = "ELECT_COMMITTEE" ("选举业主委员会或者更换业主委员会成员", "Electing the owners' committee or changing its members"),
        EngageManager = "ENGAGE_MANAGER" ("选聘和解聘物业服务企业或者其他管理人", "Engaging or dismissing the property manager"),
        UseFund = "USE_FUND" ("使用建筑物及其附属设施的维修资金", "Using the maintenance fund"),
        RaiseFund = "RAISE_FUND" ("筹集建筑物及其附属设施的维修资金", "Raising the maintenance fund"),
        Rebuild = "REBUILD" ("改建、重建建筑物及其附属设施", "Altering or rebuilding buildings and facilities"),
        CommonPartsUse = "COMMON_PARTS_USE" ("改变共有部分的用途或者利用共有部分从事经营活动", "Changing the use of common parts, or using them for business"),
        OtherMajor = "OTHER_MAJOR" ("有关共有和共同管理权利的其他重大事项", "Other major matter of common ownership and management"),
        Other = "OTHER" ("其他事项", "Other matter"),
    }

    /// 表决结果 What an owners' vote decided (民法典 art. 278 para. 2)
    ResolutionOutcome ("表决结果", "Outcome of a resolution") {
        Adopted = "ADOPTED" ("通过", "Adopted"),
        Rejected = "REJECTED" ("未通过", "Rejected"),
        NotQuorate = "NOT_QUORATE" ("参与表决业主不足", "Not quorate: too few owners took part"),
    }

    /// 会议形式 How an owners' assembly met
    AssemblyForm ("业主大会会议形式", "Form of an assembly meeting") {
        Meeting = "MEETING" ("集体讨论", "Meeting"),
        Written = "WRITTEN" ("书面征求意见", "Written consultation"),
    }

    /// 召集人 Who convened an assembly meeting
    AssemblyConvener ("业主大会召集人", "Convener of an assembly meeting") {
        PreparatoryGroup = "PREPARATORY_GROUP" ("首次业主大会会议筹备组", "Preparatory group (first meeting)"),
        Committee = "COMMITTEE" ("业主委员会或物业管理委员会", "The estate's committee"),
        Community = "COMMUNITY" ("社区（代行业主委员会职责）", "The community, acting for the committee"),
    }

    /// 筹备组成员类别 Whom a member of a preparatory group stands for
    PreparatoryMemberKind ("筹备组成员类别", "Kind of preparatory group member") {
        OwnerRepresentative = "OWNER_REPRESENTATIVE" ("业主代表", "Owners' representative"),
        Developer = "DEVELOPER" ("建设单位", "Developer"),
        Town = "TOWN" ("镇（园区、街道）", "Town"),
        Community = "COMMUNITY" ("社区", "Community"),
    }

    /// 委员变动原因 Why a member joined or left a committee
    MemberChangeGround ("委员变动原因", "Ground of a member change") {
        Elected = "ELECTED" ("业主大会选举", "Elected by the owners' assembly"),
        Appointed = "APPOINTED" ("镇指定", "Appointed by the town"),
        Removed = "REMOVED" ("业主大会罢免", "Removed by the owners' assembly"),
        Dismissed = "DISMISSED" ("镇调整", "Dismissed by the town"),
        Resigned = "RESIGNED" ("辞职", "Resigned"),
    }

    /// 责令改正类型 Whether the town orders a correction or revokes outright (county policy 四(二)6)
    CorrectionKind ("责令改正类型", "Kind of correction order") {
        Correct = "CORRECT" ("责令限期改正", "Correct within a deadline"),
        Revoke = "REVOKE" ("予以撤销", "Revoked outright"),
    }

    /// 责令改正状态 Where a correction order stands
    CorrectionStatus ("责令改正状态", "Status of a correction order") {
        Issued = "ISSUED" ("已责令改正", "Issued"),
        Reported = "REPORTED" ("已报告改正", "Correction reported"),
        Accepted = "ACCEPTED" ("已改正", "Correction accepted"),
        Revoked = "REVOKED" ("已撤销", "Decision revoked"),
    }

    /// 业主通告类型 What a notice to all owners announces
    OwnersNoticeKind ("业主通告类型", "Kind of notice to all owners") {
        CorrectionOrdered = "CORRECTION_ORDERED" ("责令改正通告", "A correction is ordered"),
        Revocation = "REVOCATION" ("撤销决定通告", "A decision is revoked"),
    }

    /// 记录类型 A kind of record. Its codes are the GraphQL type names (as `entityType` and `__typename` write them,
    /// and as global ids carry them), not SCREAMING_CASE like the other code lists.
    RecordKind ("记录类型", "Kind of record") {
        County = "County" ("县", "County"),
        Town = "Town" ("镇（园区、街道）", "Town"),
        Community = "Community" ("社区", "Community"),
        Estate = "Estate" ("小区", "Estate"),
        Enterprise = "Enterprise" ("物业服务企业", "Property-service enterprise"),
        Filing = "Filing" ("企业备案", "Enterprise filing"),
        ServiceContract = "ServiceContract" ("物业服务合同", "Service contract"),
        PerformanceBond = "PerformanceBond" ("履约金", "Performance bond"),
        Committee = "Committee" ("委员会", "Committee"),
        CreditRule = "CreditRule" ("信用规则", "Credit rule"),
        CreditScoring = "CreditScoring" ("信用评分参数", "Credit scoring parameters"),
        CreditRecord = "CreditRecord" ("信用记录", "Credit record"),
        CreditObjection = "CreditObjection" ("信用异议", "Objection to a credit record"),
        AssessmentRound = "AssessmentRound" ("考核评比", "Assessment round"),
        PublicIncomeDisclosure = "PublicIncomeDisclosure" ("公共收益公示", "Public-income disclosure"),
        FundAccount = "FundAccount" ("专项维修资金账户", "Maintenance fund account"),
        FundLedgerEntry = "FundLedgerEntry" ("专项维修资金记账", "Maintenance fund ledger entry"),
        FundUsage = "FundUsage" ("专项维修资金使用", "Maintenance fund usage"),
        ReplenishmentPlan = "ReplenishmentPlan" ("续筹方案", "Replenishment plan"),
        ExitWarning = "ExitWarning" ("退出预警", "Exit warning"),
        Handover = "Handover" ("移交", "Handover"),
        EmergencyPeriod = "EmergencyPeriod" ("应急管理", "Emergency management period"),
        Complaint = "Complaint" ("投诉", "Complaint"),
        ComplaintTimeLimit = "ComplaintTimeLimit" ("投诉办理时限", "Complaint time limit"),
        JointMeeting = "JointMeeting" ("联席会议", "Joint meeting"),
        Inspection = "Inspection" ("巡查检查", "Inspection"),
        RectificationNotice = "RectificationNotice" ("整改通知", "Rectification notice"),
        HazardReport = "HazardReport" ("违法违规及隐患报告", "Hazard report"),
        EnforcementCase = "EnforcementCase" ("查处案件", "Enforcement case"),
        Tender = "Tender" ("招标", "Tender"),
        Bid = "Bid" ("投标", "Bid"),
        SelectionApproval = "SelectionApproval" ("协议选聘批准", "Approval of selection by agreement"),
        TenderObjection = "TenderObjection" ("招标异议", "Objection to a tender candidate"),
        PreparatoryGroup = "PreparatoryGroup" ("首次业主大会会议筹备组", "Preparatory group"),
        AssemblyMeeting = "AssemblyMeeting" ("业主大会会议", "Owners' assembly meeting"),
        Resolution = "Resolution" ("业主大会决定", "Resolution of an owners' assembly"),
        CorrectionOrder = "CorrectionOrder" ("责令改正", "Correction order"),
    }
}

impl RecordKind {
    /// Whether records of this kind have a global id and are fetched with `node(id:)` (the GraphQL type of the same
    /// name implements `Node`; a test holds the two together).
    pub fn has_global_id(self) -> bool {
        match self {
            RecordKind::County
            | RecordKind::Town
            | RecordKind::Community
            | RecordKind::Estate
            | RecordKind::Enterprise
            | RecordKind::ServiceContract
            | RecordKind::Committee
            | RecordKind::CreditRule
            | RecordKind::CreditRecord
            | RecordKind::CreditObjection
            | RecordKind::AssessmentRound
            | RecordKind::PerformanceBond
            | RecordKind::PublicIncomeDisclosure
            | RecordKind::FundAccount
            | RecordKind::FundUsage
            | RecordKind::ReplenishmentPlan
            | RecordKind::ExitWarning
            | RecordKind::Handover
            | RecordKind::EmergencyPeriod
            | RecordKind::Complaint
            | RecordKind::JointMeeting
            | RecordKind::Inspection
            | RecordKind::RectificationNotice
            | RecordKind::HazardReport
            | RecordKind::EnforcementCase
            | RecordKind::Tender
            | RecordKind::Bid
            | RecordKind::SelectionApproval
            | RecordKind::TenderObjection
            | RecordKind::PreparatoryGroup
            | RecordKind::AssemblyMeeting
            | RecordKind::Resolution
            | RecordKind::CorrectionOrder => true,
            RecordKind::Filing
            | RecordKind::CreditScoring
            | RecordKind::FundLedgerEntry
            | RecordKind::ComplaintTimeLimit => false,
        }
    }
}

/// Stores a set of codes (e.g. the five-basics services an estate receives) as one comma-separated text column,
/// sorted, so that SQLite and PostgreSQL hold the same text for the same set.
pub fn join_codes<V: Vocabulary + PartialEq + Ord>(values: &[V]) -> String {
    let mut values = values.to_vec();
    values.sort();
    values.dedup();
    values.into_iter().map(V::code).collect::<Vec<_>>().join(",")
}

/// Reads a set stored by [`join_codes`]; unknown codes are skipped (they can only come from a newer release).
pub fn split_codes<V: Vocabulary + PartialEq>(text: &str) -> Vec<V> {
    text.split(',').filter_map(V::from_code).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_sets_round_trip_sorted_and_deduplicated() {
        let text = join_codes(&[FiveBasicsService::Parking, FiveBasicsService::Cleaning, FiveBasicsService::Parking]);
        assert_eq!(text, "CLEANING,PARKING");
        assert_eq!(
            split_codes::<FiveBasicsService>(&text),
            vec![FiveBasicsService::Cleaning, FiveBasicsService::Parking]
        );
        assert!(split_codes::<FiveBasicsService>("").is_empty());
    }

    #[test]
    fn code_lists_have_unique_names_and_codes() {
        let mut names: Vec<&str> = CODE_LISTS.iter().map(|list| list.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), CODE_LISTS.len(), "two code lists share a name");
        for list in CODE_LISTS {
            let mut codes: Vec<&str> = list.values.iter().map(|v| v.code).collect();
            codes.sort();
            codes.dedup();
            assert_eq!(codes.len(), list.values.len(), "{} repeats a code", list.name);
        }
        assert_eq!(RecordKind::ServiceContract.code(), "ServiceContract");
        assert_eq!(RecordKind::Estate.label_zh(), "小区");
    }
}
