import type { Hotel } from '../hotel.js';
import { json, type SandboxResponse } from '../kit.js';

/**
 * `GET /getHotelDetails` (scope read:hotel): the property as the v1.3 spec's
 * GetHotelDetailsResponse has it. The property is checked by the caller (`propertyID`, optional,
 * must be this hotel's); the answer is the same hotel every time.
 */
export function hotelDetails(hotel: Hotel): SandboxResponse {
  const { currency, address } = hotel;
  return json(200, {
    success: true,
    data: {
      propertyID: String(hotel.propertyId),
      organizationID: '41207',
      propertyName: hotel.name,
      propertyType: 'Hotel',
      propertyImage: [],
      propertyDescription: `${hotel.name}: ${hotel.rooms.length} rooms by the river mouth in ${address.city}.`,
      propertyCurrency: {
        currencyCode: currency.code,
        currencySymbol: currency.symbol,
        currencyPosition: currency.position,
        currencyDecimalSeparator: currency.decimalSeparator,
        currencyThousandsSeparator: currency.thousandsSeparator,
      },
      propertyPrimaryLanguage: 'en',
      propertyAdditionalPhotos: [],
      propertyPhone: '+351 220 000 412',
      propertyEmail: 'frontdesk@harbourlight.example',
      propertyAddress: {
        propertyAddress1: address.street,
        propertyAddress2: '',
        propertyCity: address.city,
        propertyState: '',
        propertyZip: address.postcode,
        propertyCountry: address.country,
        propertyLatitude: '41.1496',
        propertyLongitude: '-8.6740',
      },
      propertyPolicy: {
        propertyCheckInTime: '15:00',
        propertyCheckOutTime: '11:00',
        propertyLateCheckOutAllowed: false,
        propertyTermsAndConditions: '',
        propertyFullPaymentBeforeCheckin: false,
      },
      propertyAmenities: ['Wi-Fi', 'Breakfast', 'Bar'],
    },
  });
}
