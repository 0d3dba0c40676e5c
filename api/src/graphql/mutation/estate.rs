//! Estate mutations: create and update (town), occupancy (community).

use super::key;
use crate::graphql::estate::Estate;
use crate::graphql::ids::NodeKind;
use crate::graphql::scalars::Area;
use crate::graphql::viewer::{StaffOnly, viewer};
use crate::service::Service;
use crate::service::estate::EstateFields;
use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result};
use entity::vocab::{FiveBasicsService, HousingType, ServiceMode};

/// 位置 A GCJ-02 point, in degrees.
#[derive(InputObject, Debug, Clone, Copy)]
pub struct LocationInput {
    /// 纬度 Latitude in degrees (GCJ-02).
    latitude: f64,
    /// 经度 Longitude in degrees (GCJ-02).
    longitude: f64,
}

impl LocationInput {
    /// Stored as whole millionths of a degree.
    fn micro_degrees(self) -> (i32, i32) {
        let micro = |degrees: f64| (degrees * 1e6).round().clamp(i32::MIN as f64, i32::MAX as f64) as i32;
        (micro(self.latitude), micro(self.longitude))
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

fn maybe<T>(value: MaybeUndefined<T>) -> Option<Option<T>> {
    match value {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(v) => Some(Some(v)),
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
        let fields = EstateFields {
            name: Some(input.name),
            address: Some(input.address),
            location: Some(input.location.map(LocationInput::micro_degrees)),
            housing_type: Some(input.housing_type),
            service_mode: Some(input.service_mode),
            five_basics: Some(input.five_basics),
            buildings: Some(input.buildings),
            households: Some(input.households),
            private_area: Some(input.private_area.0),
            management_room_area: Some(input.management_room_area.0),
            completed_year: Some(input.completed_year),
        };
        let estate = ctx.data_unchecked::<Service>().create_estate(viewer(ctx), &input.community_code, fields).await?;
        Ok(CreateEstatePayload { estate: Estate(estate) })
    }

    /// 修改小区 Change an estate (town staff).
    #[graphql(guard = "StaffOnly")]
    async fn update_estate(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: UpdateEstateInput,
    ) -> Result<UpdateEstatePayload> {
        let id = key(NodeKind::Estate, &input.id)?;
        let fields = EstateFields {
            name: input.name,
            address: input.address,
            location: maybe(input.location).map(|l| l.map(LocationInput::micro_degrees)),
            housing_type: input.housing_type,
            service_mode: input.service_mode,
            five_basics: input.five_basics,
            buildings: input.buildings,
            households: input.households,
            private_area: input.private_area.map(|a| a.0),
            management_room_area: input.management_room_area.map(|a| a.0),
            completed_year: maybe(input.completed_year),
        };
        let service = ctx.data_unchecked::<Service>();
        let estate = service.update_estate(viewer(ctx), id, input.expected_version, fields).await?;
        Ok(UpdateEstatePayload { estate: Estate(estate) })
    }

    /// 更新入住情况 Record occupancy of an estate (community staff).
    #[graphql(guard = "StaffOnly")]
    async fn update_occupancy(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: UpdateOccupancyInput,
    ) -> Result<UpdateOccupancyPayload> {
        let id = key(NodeKind::Estate, &input.id)?;
        let service = ctx.data_unchecked::<Service>();
        let estate =
            service.update_occupancy(viewer(ctx), id, input.expected_version, input.occupied_households).await?;
        Ok(UpdateOccupancyPayload { estate: Estate(estate) })
    }
}
