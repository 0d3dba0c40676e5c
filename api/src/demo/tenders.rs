//! The demo's tenders: two estates of the rural towns, served by the community's five basics, choose an enterprise —
//! one by public tender (a bidder objects to the candidate and the county dismisses it), one by invited tender — and
//! sign their contracts on the awards; a third estate's public tender fails for too few bids, the county approves
//! selection by agreement, and the agreed enterprise's candidacy is being publicised.

use super::{Demo, Placed};
use crate::auth::Role;
use crate::domain::calendar::today;
use crate::domain::fixed_point::{Money, Score};
use crate::error::Result;
use crate::service::tender::{NewBid, NewTender, TenderStep};
use chrono::{Days, NaiveDate};
use entity::vocab::{AgreementGround, ServiceMode, TenderKind, TenderMethod};
use entity::{enterprise, tender};
use sea_orm::EntityTrait;

const SCOPE: &str = "公共区域保洁、秩序维护、绿化养护、共用部位及设施设备日常维修养护";

impl Demo<'_> {
    pub(super) async fn tenders(&mut self, serving: &[enterprise::Model]) -> Result<()> {
        let estates = std::mem::take(&mut self.estates);
        let day = today();
        // Five-basics estates outside the county seat (its first 40 estates), not under emergency management.
        let open: Vec<&Placed> = estates
            .iter()
            .skip(40)
            .filter(|p| p.serving.is_none() && p.estate.service_mode == ServiceMode::FiveBasics)
            .filter(|p| !self.unserved.contains(&p.estate.id))
            .collect();
        let bidders: Vec<&enterprise::Model> = serving.iter().take(4).collect();
        if let [first, second, third, ..] = open[..] {
            // A public tender, objected to and awarded.
            let public = self.announce(first, TenderMethod::PublicTender, day - Days::new(60), (25, 26), &[]).await?;
            let public = self.bid_and_open(public, &bidders, day - Days::new(40)).await?;
            let public = self.evaluate_and_publicize(public, day).await?;
            let objector = self.staff(Role::Enterprise, &bidders[3].credit_code, "demo-enterprise-staff");
            let objection = self
                .service
                .lodge_tender_objection(Some(&objector), public.id, "中标候选人项目经理资格证书已过期")
                .await?;
            let reason = "经核查，项目经理资格证书在投标截止日前已续期，异议不成立";
            self.service
                .decide_tender_objection(self.actor(), (objection.id, objection.version), false, reason)
                .await?;
            self.award_and_sign(public, day).await?;

            // An invited tender, awarded.
            let invited: Vec<i64> = bidders.iter().take(3).map(|e| e.id).collect();
            let by_invitation =
                self.announce(second, TenderMethod::InvitedTender, day - Days::new(50), (15, 16), &invited).await?;
            let by_invitation = self.bid_and_open(by_invitation, &bidders[..3], day - Days::new(40)).await?;
            let by_invitation = self.evaluate_and_publicize(by_invitation, day).await?;
            self.award_and_sign(by_invitation, day).await?;

            // A public tender that failed, then selection by agreement.
            let failed = self.announce(third, TenderMethod::PublicTender, day - Days::new(90), (25, 26), &[]).await?;
            let failed = self.bid_and_open(failed, &bidders[..2], day - Days::new(70)).await?;
            let note = "公开招标仅2家企业投标，依《前期物业管理招标投标管理暂行办法》第三条批准协议选聘";
            let ground = AgreementGround::FewerThanThreeBidders;
            self.service
                .approve_selection_by_agreement(self.actor(), third.estate.id, ground, note, Some(failed.id))
                .await?;
            let agreed = self.announce(third, TenderMethod::ByAgreement, day, (0, 0), &[]).await?;
            let agreed = self.bid_and_open(agreed, &bidders[..1], day).await?;
            self.evaluate_and_publicize(agreed, day).await?;
        }
        self.estates = estates;
        Ok(())
    }

    /// Announces a tender of `method` for `placed`, its documents issued on `issued`, bids closing and opening the
    /// given days after.
    async fn announce(
        &self,
        placed: &Placed,
        method: TenderMethod,
        issued: NaiveDate,
        (deadline, opening): (u64, u64),
        invited: &[i64],
    ) -> Result<tender::Model> {
        let new = NewTender {
            estate_id: placed.estate.id,
            kind: TenderKind::OwnersSelection,
            method,
            town_consent: None,
            service_scope: SCOPE.into(),
            ceiling_fee: Money::parse("1.50").expect("a fee"),
            documents_issued_on: issued,
            bid_deadline: issued + Days::new(deadline),
            opening_on: issued + Days::new(opening),
            invited: invited.to_vec(),
        };
        self.service.announce_tender(self.actor(), new).await
    }

    /// Each of `bidders` bids on `on`; the town opens on the opening day.
    async fn bid_and_open(
        &self,
        tender: tender::Model,
        bidders: &[&enterprise::Model],
        on: NaiveDate,
    ) -> Result<tender::Model> {
        for (i, enterprise) in bidders.iter().enumerate() {
            let staff = self.staff(Role::Enterprise, &enterprise.credit_code, "demo-enterprise-staff");
            let new = NewBid {
                tender_id: tender.id,
                fee: Money(120 + 7 * i as i64),
                promises: format!("配备专职管家{}名，24小时门岗值守，报修30分钟内响应", 2 + i),
                team_size: 8 + i as i32,
                submitted_on: Some(on.max(tender.documents_issued_on).min(tender.bid_deadline)),
            };
            self.service.submit_bid(Some(&staff), new).await?;
        }
        let opening = tender.opening_on;
        self.service.move_tender(self.actor(), (tender.id, tender.version), TenderStep::Open, Some(opening)).await
    }

    /// The community's opinion, the evaluation (the first bid best) and the publicity, dated in order before `day`.
    async fn evaluate_and_publicize(&self, tender: tender::Model, day: NaiveDate) -> Result<tender::Model> {
        let opened = tender.opened_on.unwrap_or(day);
        let at = |n: u64| (opened + Days::new(n)).min(day);
        let opinion =
            TenderStep::Opinion { opinion: "社区同意招标方案，建议优先考虑本地服务经验".into() };
        let tender = self.service.move_tender(self.actor(), (tender.id, tender.version), opinion, Some(at(1))).await?;
        let bids = crate::service::tender::bids(self.service.db(), tender.id).await?;
        let scores = bids.iter().enumerate().map(|(i, b)| (b.id, Score(9_200 - 350 * i as i64))).collect();
        let evaluate = TenderStep::Evaluate {
            scores, panel: "评标委员会：王磊、李静、张涛、陈敏、赵强".into()
        };
        let tender = self.service.move_tender(self.actor(), (tender.id, tender.version), evaluate, Some(at(3))).await?;
        self.service.move_tender(self.actor(), (tender.id, tender.version), TenderStep::Publicize, Some(at(5))).await
    }

    /// The award, the contract signed on it from tomorrow for three years, and the winner's filing with the community.
    async fn award_and_sign(&self, tender: tender::Model, day: NaiveDate) -> Result<()> {
        let tender = tender::Entity::find_by_id(tender.id).one(self.service.db()).await?.unwrap_or(tender);
        let awarded =
            self.service.move_tender(self.actor(), (tender.id, tender.version), TenderStep::Award, Some(day)).await?;
        let term = (day + Days::new(1), day + Days::new(3 * 365));
        let contract = self.service.create_contract_from_tender(self.actor(), awarded.id, term).await?;
        // The new enterprise files with the estate's community, as an enterprise taking an estate does.
        let estate = entity::estate::Entity::find_by_id(contract.estate_id).one(self.service.db()).await?;
        let community = match estate {
            Some(estate) => entity::community::Entity::find_by_id(estate.community_id).one(self.service.db()).await?,
            None => None,
        };
        if let Some(community) = community {
            self.service.file_enterprise(self.actor(), contract.enterprise_id, &community.code, day).await?;
        }
        Ok(())
    }
}
