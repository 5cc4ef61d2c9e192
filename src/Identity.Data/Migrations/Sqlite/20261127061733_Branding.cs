using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Identity.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Branding : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AppName",
                table: "SignInExperiences",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "AutoDetectLanguage",
                table: "SignInExperiences",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ColorScheme",
                table: "SignInExperiences",
                type: "TEXT",
                maxLength: 8,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CustomCss",
                table: "SignInExperiences",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DarkLogoUrl",
                table: "SignInExperiences",
                type: "TEXT",
                maxLength: 2048,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DarkPrimaryColor",
                table: "SignInExperiences",
                type: "TEXT",
                maxLength: 7,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FallbackLanguage",
                table: "SignInExperiences",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "IsDarkModeEnabled",
                table: "SignInExperiences",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LogoUrl",
                table: "SignInExperiences",
                type: "TEXT",
                maxLength: 2048,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PrimaryColor",
                table: "SignInExperiences",
                type: "TEXT",
                maxLength: 7,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PrivacyPolicyUrl",
                table: "SignInExperiences",
                type: "TEXT",
                maxLength: 2048,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TermsOfUseUrl",
                table: "SignInExperiences",
                type: "TEXT",
                maxLength: 2048,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AppName",
                table: "SignInExperiences");

            migrationBuilder.DropColumn(
                name: "AutoDetectLanguage",
                table: "SignInExperiences");

            migrationBuilder.DropColumn(
                name: "ColorScheme",
                table: "SignInExperiences");

            migrationBuilder.DropColumn(
                name: "CustomCss",
                table: "SignInExperiences");

            migrationBuilder.DropColumn(
                name: "DarkLogoUrl",
                table: "SignInExperiences");

            migrationBuilder.DropColumn(
                name: "DarkPrimaryColor",
                table: "SignInExperiences");

            migrationBuilder.DropColumn(
                name: "FallbackLanguage",
                table: "SignInExperiences");

            migrationBuilder.DropColumn(
                name: "IsDarkModeEnabled",
                table: "SignInExperiences");

            migrationBuilder.DropColumn(
                name: "LogoUrl",
                table: "SignInExperiences");

            migrationBuilder.DropColumn(
                name: "PrimaryColor",
                table: "SignInExperiences");

            migrationBuilder.DropColumn(
                name: "PrivacyPolicyUrl",
                table: "SignInExperiences");

            migrationBuilder.DropColumn(
                name: "TermsOfUseUrl",
                table: "SignInExperiences");
        }
    }
}
