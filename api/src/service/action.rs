//! Every action the audit log records, by the name it records (the name of the mutation that takes it). The list
//! is the one source of what staff can do: the demo data set is tested to perform each, and an action written
//! nowhere else cannot be recorded.

/// Declares [`Action`] with its recorded names and [`Action::ALL`].
macro_rules! actions {
    ($($variant:ident => $name:literal,)*) => {
        /// An action the audit log records.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Action {
            $($variant,)*
        }

        impl Action {
            /// Every action, in the order declared.
            pub const ALL: &[Action] = &[$(Action::$variant,)*];

            /// The name the audit log records (stable: it is part of every event's hash).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Action::$variant => $name,)*
                }
            }
        }
    };
}

actions! {
    AcceptCorrection => "acceptCorrection",
    AcknowledgeExitWarning => "acknowledgeExitWarning",
    AcknowledgeHazardReport => "acknowledgeHazardReport",
    AnnounceTender => "announceTender",
    ApplyEmergencyManagement => "applyEmergencyManagement",
    ApproveEmergencyManagement => "approveEmergencyManagement",
    ApproveFundUsage => "approveFundUsage",
    ApproveSelectionByAgreement => "approveSelectionByAgreement",
    AssignComplaint => "assignComplaint",
    AwardTender => "awardTender",
    ChangeCommitteeMembers => "changeCommitteeMembers",
    ChangeEnterpriseStatus => "changeEnterpriseStatus",
    CloseComplaint => "closeComplaint",
    CloseHazardReport => "closeHazardReport",
    CompleteHandover => "completeHandover",
    ConfirmCreditRecord => "confirmCreditRecord",
    CorrectPublicIncomeDisclosure => "correctPublicIncomeDisclosure",
    CreateAssessmentRound => "createAssessmentRound",
    CreateCommunity => "createCommunity",
    CreateContract => "createContract",
    CreateCounty => "createCounty",
    CreateCreditRule => "createCreditRule",
    CreateEstate => "createEstate",
    CreateTown => "createTown",
    DecideCreditObjection => "decideCreditObjection",
    DecideEnforcementCase => "decideEnforcementCase",
    DecideTenderObjection => "decideTenderObjection",
    DisburseFundUsage => "disburseFundUsage",
    DisputeHandoverItem => "disputeHandoverItem",
    DissolveCommittee => "dissolveCommittee",
    DraftFundUsage => "draftFundUsage",
    DraftPublicIncomeDisclosure => "draftPublicIncomeDisclosure",
    EndEmergencyManagement => "endEmergencyManagement",
    ExtendEmergencyManagement => "extendEmergencyManagement",
    FileEnterprise => "fileEnterprise",
    FileExitWarning => "fileExitWarning",
    FileOwnersCommittee => "fileOwnersCommittee",
    FormManagementCommittee => "formManagementCommittee",
    FormPreparatoryGroup => "formPreparatoryGroup",
    IssueCorrectionOrder => "issueCorrectionOrder",
    IssueRectificationNotice => "issueRectificationNotice",
    LodgeBond => "lodgeBond",
    LodgeCreditObjection => "lodgeCreditObjection",
    LodgeTenderObjection => "lodgeTenderObjection",
    MarkCommitteeNotFunctioning => "markCommitteeNotFunctioning",
    OpenBids => "openBids",
    OpenEnforcementCase => "openEnforcementCase",
    OpenFundAccount => "openFundAccount",
    OpenFundVote => "openFundVote",
    OpenHandover => "openHandover",
    ProposeCreditRecord => "proposeCreditRecord",
    ProposeReplenishment => "proposeReplenishment",
    PublicizeCandidate => "publicizeCandidate",
    PublicizeFundUsage => "publicizeFundUsage",
    PublishAssessmentRound => "publishAssessmentRound",
    PublishEnforcementCase => "publishEnforcementCase",
    PublishPublicIncomeDisclosure => "publishPublicIncomeDisclosure",
    ReceiveComplaint => "receiveComplaint",
    ReceiveHandoverItem => "receiveHandoverItem",
    RecordAssemblyMeeting => "recordAssemblyMeeting",
    RecordAssessmentResults => "recordAssessmentResults",
    RecordEvaluation => "recordEvaluation",
    RecordFundDeposit => "recordFundDeposit",
    RecordFundInterest => "recordFundInterest",
    RecordFundVote => "recordFundVote",
    RecordInspection => "recordInspection",
    RecordJointMeeting => "recordJointMeeting",
    RecordReplenishmentVote => "recordReplenishmentVote",
    RecordTenderOpinion => "recordTenderOpinion",
    ReferHazardReport => "referHazardReport",
    RegisterEnterprise => "registerEnterprise",
    RejectCreditRecord => "rejectCreditRecord",
    RejectEmergencyManagement => "rejectEmergencyManagement",
    RejectFundUsage => "rejectFundUsage",
    ReopenComplaint => "reopenComplaint",
    ReportCorrection => "reportCorrection",
    ReportHazard => "reportHazard",
    ReportRectification => "reportRectification",
    RespondToComplaint => "respondToComplaint",
    RestoreCommitteeFunctioning => "restoreCommitteeFunctioning",
    RetireCreditRule => "retireCreditRule",
    ReturnPublicIncomeDisclosure => "returnPublicIncomeDisclosure",
    ReviewFundUsage => "reviewFundUsage",
    RevokeCreditRecord => "revokeCreditRecord",
    RevokeDecision => "revokeDecision",
    RevokeResolution => "revokeResolution",
    SetComplaintTimeLimit => "setComplaintTimeLimit",
    SetCreditScoring => "setCreditScoring",
    SetPropertyOfficer => "setPropertyOfficer",
    SetServiceCenter => "setServiceCenter",
    SettleBond => "settleBond",
    StartReplenishment => "startReplenishment",
    SubmitBid => "submitBid",
    SubmitFundUsage => "submitFundUsage",
    SubmitPublicIncomeDisclosure => "submitPublicIncomeDisclosure",
    TerminateContract => "terminateContract",
    UpdateCreditRule => "updateCreditRule",
    UpdateEnterprise => "updateEnterprise",
    UpdateEstate => "updateEstate",
    UpdateOccupancy => "updateOccupancy",
    VerifyRectification => "verifyRectification",
    WithdrawFundUsage => "withdrawFundUsage",
    WithdrawRectificationNotice => "withdrawRectificationNotice",
}
