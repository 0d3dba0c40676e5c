//! Estate mutations: create and update (town), occupancy (community).

use super::key;
use crate::domain::estate::GeoPoint;
use crate::error::Error;
use crate::graphql::estate::Estate;
use crate::graphql::scalars::Area;
use crate::graphql::service;
use crate::graphql::viewer::{StaffOnly, viewer};
use crate::service::estate::{EstatePatch, NewEstate};
use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result};
use entity::vocab::{FiveBasicsService, HousingType, RecordKind, ServiceMode};

/// 位置 A GCJ-02 point, in degrees.
#[derive(InputObject, Debug, Clone, Copy)]
pub struct LocationInput {
    /// 纬度 Latitude in degrees (GCJ-02).
    latitude: f64,
    /// 经度 Longitude in degrees (GCJ-02).
    longitude: f64,
}

impl TryFrom<LocationInput> for GeoPoint {
    type Error = Error;
    fn try_from(input: LocationInput) -> Result<Self, Error> {
        Ok(GeoPoint::from_degrees(input.latitude, input.longitude)?)
    }
}

/// 新建小区 A new estate.
#[derive(InputObject)]
pub struct CreateEstateInput {
    /// 社区代码 The community it lies in.
    community_code: String,
    /// 名称 Name.
    name: String,
    /// 地址 Address.
    address: String,
    /// 位置 Location (GCJ-02).
    location: Option<LocationInput>,
    /// 房屋类型 Housing type.
    housing_type: HousingType,
    /// 服务模式 Service mode.
    service_mode: ServiceMode,
    /// 五有服务 Five-basics services provided.
    #[graphql(default)]
    five_basics: Vec<FiveBasicsService>,
    /// 楼栋数 Buildings.
    buildings: i32,
    /// 总户数 Households.
    households: i32,
    /// 专有部分总面积 Total private floor area.
    private_area: Area,
    /// 物业管理用房面积 Management-room area.
    management_room_area: Area,
    /// 竣工年份 Year of completion.
    completed_year: Option<i32>,
}

/// 修改小区 Changes to an estate; omitted fields stay as they are, `null` clears an optional one.
#[derive(InputObject)]
pub struct UpdateEstateInput {
    /// 小区标识 The estate.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 名称 Name.
    name: Option<String>,
    /// 地址 Address.
    address: Option<String>,
    /// 位置 Location (GCJ-02); null clears it.
    location: MaybeUndefined<LocationInput>,
    /// 房屋类型 Housing type.
    housing_type: Option<HousingType>,
    /// 服务模式 Service mode.
    service_mode: Option<ServiceMode>,
    /// 五有服务 Five-basics services provided.
    five_basics: Option<Vec<FiveBasicsService>>,
    /// 楼栋数 Buildings.
    buildings: Option<i32>,
    /// 总户数 Households.
    households: Option<i32>,
    /// 专有部分总面积 Total private floor area.
    private_area: Option<Area>,
    /// 物业管理用房面积 Management-room area.
    management_room_area: Option<Area>,
    /// 竣工年份 Year of completion; null clears it.
    completed_year: MaybeUndefined<i32>,
}

/// 更新入住情况 How many households have moved in.
#[derive(InputObject)]
pub struct UpdateOccupancyInput {
    /// 小区标识 The estate.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 入住户数 Occupied households.
    occupied_households: i32,
}

impl TryFrom<CreateEstateInput> for NewEstate {
    type Error = Error;
    fn try_from(input: CreateEstateInput) -> Result<Self, Error> {
        Ok(NewEstate {
            code: None,
            community_code: input.community_code,
            name: input.name,
            address: input.address,
            location: input.location.map(GeoPoint::try_from).transpose()?,
            housing_type: input.housing_type,
            service_mode: input.service_mode,
            five_basics: input.five_basics,
            buildings: input.buildings,
            households: input.households,
            private_area: input.private_area.0,
            management_room_area: input.management_room_area.0,
            completed_year: input.completed_year,
        })
    }
}

impl TryFrom<UpdateEstateInput> for EstatePatch {
    type Error = Error;
    fn try_from(input: UpdateEstateInput) -> Result<Self, Error> {
        let location: Option<Option<LocationInput>> = input.location.into();
        Ok(EstatePatch {
            name: input.name,
            address: input.address,
            location: location.map(|l| l.map(GeoPoint::try_from).transpose()).transpose()?,
            housing_type: input.housing_type,
            service_mode: input.service_mode,
            five_basics: input.five_basics,
            buildings: input.buildings,
            households: input.households,
            private_area: input.private_area.map(|a| a.0),
            management_room_area: input.management_room_area.map(|a| a.0),
            completed_year: input.completed_year.into(),
        })
    }
}

payload! {
    /// 新建小区结果 The estate created.
    CreateEstatePayload { estate: Estate }
    /// 修改小区结果 The estate changed.
    UpdateEstatePayload { estate: Estate }
    /// 更新入住情况结果 The estate with its occupancy.
    UpdateOccupancyPayload { estate: Estate }
}

#[derive(Default)]
pub struct EstateMutation;

#[Object]
impl EstateMutation {
    /// 新建小区 Create an estate (town staff); wuye assigns its code.
    #[graphql(guard = "StaffOnly")]
    async fn create_estate(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: CreateEstateInput,
    ) -> Result<CreateEstatePayload> {
        let estate = service(ctx).create_estate(viewer(ctx), input.try_into()?).await?;
        Ok(CreateEstatePayload { estate: Estate(estate) })
    }

    /// 修改小区 Change an estate (town staff).
    #[graphql(guard = "StaffOnly")]
    async fn update_estate(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: UpdateEstateInput,
    ) -> Result<UpdateEstatePayload> {
        let (id, expected_version) = (key(RecordKind::Estate, &input.id)?, input.expected_version);
        let estate = service(ctx).update_estate(viewer(ctx), id, expected_version, input.try_into()?).await?;
        Ok(UpdateEstatePayload { estate: Estate(estate) })
    }

    /// 更新入住情况 Record occupancy of an estate (community staff).
    #[graphql(guard = "StaffOnly")]
    async fn update_occupancy(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: UpdateOccupancyInput,
    ) -> Result<UpdateOccupancyPayload> {
        let id = key(RecordKind::Estate, &input.id)?;
        let (expected_version, occupied) = (input.expected_version, input.occupied_households);
        let estate = service(ctx).update_occupancy(viewer(ctx), id, expected_version, occupied).await?;
        Ok(UpdateOccupancyPayload { estate: Estate(estate) })
    }
}
